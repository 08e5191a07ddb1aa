// SPDX-License-Identifier: Apache-2.0
import BotLocalization
import BotSupport
import Foundation
import Logging
import Synchronization

/// Renders a draw into a locale's message: labels its colours, formats its time in the bot's
/// time zone, shows the recent results and the current run, and fills the template. A colour the
/// locale has no label for is shown by its raw name and logged once.
///
/// The locale can be replaced while the bot runs (`replace(_:)`, on SIGHUP): each render takes
/// the current locale once, under a lock held only to copy a reference, so a message is never
/// rendered half in the old texts and half in the new.
public final class MessageRenderer: Sendable {
    /// The locale rendered now.
    package var bundle: LocaleBundle { current.withLock { $0 }.bundle }
    /// Formats draw times in the bot's time zone, in the current locale's conventions.
    package var timeFormatter: DrawTimeFormatter { current.withLock { $0 }.timeFormatter }
    let gameType: String
    private let timeZone: TimeZone
    private let logger: Logger
    let current: Mutex<Texts>
    private let reportedColors = Mutex<Set<String>>([])
    /// How many unknown colour names are logged (once each) before the renderer stops logging them.
    package static let reportLimit = 100

    /// One locale with what is derived from it, swapped as a whole.
    final class Texts: Sendable {
        let bundle: LocaleBundle
        let timeFormatter: DrawTimeFormatter
        let digits: DigitWriter

        init(bundle: LocaleBundle, timeZone: TimeZone) {
            self.bundle = bundle
            self.timeFormatter = DrawTimeFormatter(
                locale: bundle.formattingLocale, timeZone: timeZone, date: bundle.style.date, time: bundle.style.time)
            self.digits = DigitWriter(style: bundle.style.digits, locale: bundle.formattingLocale)
        }
    }

    /// A renderer for `bundle`; `gameType` fills `{{game_type}}` and times are shown in `timeZone`.
    public init(bundle: LocaleBundle, gameType: String, timeZone: TimeZone = TimeZone(identifier: "UTC")!, logger: Logger) {
        self.gameType = gameType
        self.timeZone = timeZone
        self.current = Mutex(Texts(bundle: bundle, timeZone: timeZone))
        self.logger = logger
    }

    /// Renders with `bundle` from now on; a message being rendered finishes with the old one.
    /// Colours without a label are logged again, once each, with the new file.
    package func replace(_ bundle: LocaleBundle) {
        let texts = Texts(bundle: bundle, timeZone: timeZone)
        current.withLock { $0 = texts }
        reportedColors.withLock { $0 = [] }
    }

    /// The labels of `draw`'s colours in this locale.
    package func colorLabels(of draw: Draw) -> [String] {
        colorLabels(of: draw, bundle: bundle)
    }

    func colorLabels(of draw: Draw, bundle: LocaleBundle) -> [String] {
        draw.colors.map { label(forColor: $0, in: draw, bundle: bundle) }
    }

    /// The message for `draw`; `seenAt` stands in for the draw time when the API gives none.
    /// `history` is the window of draws the draw came with (the feed's draws): those up to `draw`
    /// fill `{{history}}` and `{{streak}}`; without it they show `draw` alone.
    /// Every inserted value is escaped for `format` (and isolated in a right-to-left locale); the
    /// template's own text, and a counted phrase's own text, are kept.
    /// With `timeEntities` (a Telegram sink's `telegram.time_entity`, HTML only), `{{time}}` and
    /// `{{date}}` are wrapped in `<tg-time>`, which Telegram (Bot API 9.5) sends as a `date_time`
    /// entity: each reader sees the draw's time in their own zone; the locale's text stays the
    /// text shown by clients that do not know the entity.
    public func render(
        _ draw: Draw, seenAt: Date, format: MessageFormat = .plain, history window: [Draw] = [], timeEntities: Bool = false
    ) -> String {
        render(draw, seenAt: seenAt, format: format, history: window, board: false, timeEntities: timeEntities) ?? ""
    }

    /// `messages.result` for `draw`, or with `board` the live board's `messages.board` (nil when the
    /// locale has none), which also has the trend caption's counts and runs of the last
    /// `BoardSettings.draws` results of `window`.
    func render(_ draw: Draw, seenAt: Date, format: MessageFormat, history window: [Draw], board: Bool, timeEntities: Bool = false) -> String? {
        let texts = current.withLock { $0 }
        let bundle = texts.bundle
        let style = bundle.style
        let timeFormatter = texts.timeFormatter
        guard let template = board ? bundle.boardTemplate : bundle.resultTemplate else { return nil }
        let stats = board ? TrendStats(window + [draw], limit: BoardSettings.draws) : nil
        let counts = stats.map { TrendCaption.values($0, bundle: bundle) } ?? [:]
        let time = draw.time ?? seenAt
        let history = DrawHistory(draw: draw, window: window, limit: bundle.historyLength)
        var values: [String: Any] = [:]
        func insert(_ name: String, _ text: String, leftToRight: Bool = false, entity: String? = nil) {
            var escaped = format.escape(text)
            if let entity, timeEntities, format == .html {
                escaped = "<tg-time unix=\"\(Int64(time.timeIntervalSince1970.rounded(.down)))\" format=\"\(entity)\">\(escaped)</tg-time>"
            }
            values[name] = style.isolate(escaped, leftToRight: leftToRight)
        }
        for name in template.names {
            switch name {
            case "issue": insert(name, texts.digits.write(String(draw.issue)))
            case "value": insert(name, draw.value)
            case "colors": insert(name, bundle.colorsList.format(colorLabels(of: draw, bundle: bundle)))
            case "game_type": insert(name, gameType)
            case "time": insert(name, timeFormatter.time(time), entity: "t")
            case "date": insert(name, timeFormatter.date(time), entity: "d")
            case "time_zone": insert(name, timeFormatter.zoneName(at: time))
            case "utc_offset": insert(name, timeFormatter.utcOffset(at: time))
            case "zone_abbreviation": insert(name, timeFormatter.zoneAbbreviation(at: time))
            case "locale_name": insert(name, bundle.displayName)
            case "history": insert(name, strip(history, bundle: bundle), leftToRight: true)
            case "streak_count": insert(name, texts.digits.count(history.streakCount))
            case "streak_color": insert(name, streakLabel(history, bundle: bundle))
            case "streak":
                let phrase = phrase("streak", count: history.streakCount, history: history, format: format, texts: texts)
                // An empty phrase (a count worded as nothing) leaves `{{#streak}}…{{/streak}}` out.
                if !phrase.allSatisfy(\.isWhitespace) { values[name] = style.isolate(phrase) }
            default: if let text = counts[name] { insert(name, text) }
            }
        }
        // A colour's forms (`{{streak_color.object}}`, `{{current_color.gender}}`), shown and chosen on as written.
        let forms = bundle.formValues("streak_color", color: history.streakColor).merging(counts.filter { $0.key.contains(".") }) { a, _ in a }
        if !template.colorForms.isEmpty { for (key, text) in forms { insert(key, text) } }
        // The game's name and its forms (`{{game}}`, `{{game.definite}}`): the tag where the locale names no such game.
        let game = bundle.gameValues(gameType, forms: template.gameForms)
        for (key, text) in game { insert(key, text) }
        var variants = (stats.map(TrendCaption.rawValues) ?? [:]).merging(forms) { a, _ in a }.merging(game) { a, _ in a }
        variants.merge([
            "issue": String(draw.issue), "value": draw.value, "game_type": gameType, "streak_count": String(history.streakCount),
            "streak_color": history.streakColor,
        ]) { _, message in message }
        return style.markLines(template.render(values, variants: variants), format: format)
    }

    /// The counted phrase `name` for `count` after a run of `history`'s main colour: its plural
    /// category's (or exact count's) sections shown, its values escaped for `format`.
    private func phrase(_ name: String, count: Int, history: DrawHistory, format: MessageFormat, texts: Texts) -> String {
        let style = texts.bundle.style
        let countText = style.isolate(format.escape(texts.digits.count(count)))
        guard let phrase = texts.bundle.phrases[name] else { return countText }
        let color = style.isolate(format.escape(streakLabel(history, bundle: texts.bundle)))
        let forms = texts.bundle.formValues("color", color: history.streakColor)
        let values = forms.mapValues { style.isolate(format.escape($0)) }.merging(["count": countText, "color": color]) { _, new in new }
        return phrase.render(count: count, values: values, variants: forms.merging(["color": history.streakColor]) { _, new in new })
    }

    private func streakLabel(_ history: DrawHistory, bundle: LocaleBundle) -> String {
        history.draw.colors.first.map { label(forColor: $0, in: history.draw, bundle: bundle) } ?? ""
    }

    /// The history strip: each recent draw's symbol, run together while every one is a single
    /// character (`🔴🟢🟢`), a space between them once one is longer (a colour with a label and no
    /// symbol: `RED GREEN GREEN`), so that no two run into one word.
    private func strip(_ history: DrawHistory, bundle: LocaleBundle) -> String {
        let symbols = history.recent.map { symbol(of: $0, bundle: bundle) }
        return symbols.allSatisfy { $0.count <= 1 } ? symbols.joined() : symbols.joined(separator: " ")
    }

    /// A draw's history-strip symbol: its main colour's symbol, else that colour's label, else
    /// (a colour the locale knows nothing of, logged once) `unknownSymbol`.
    private func symbol(of draw: Draw, bundle: LocaleBundle) -> String {
        guard let main = draw.colors.first else { return "" }
        if let symbol = bundle.symbol(forColor: main) { return symbol }
        if let label = bundle.label(forColor: main) { return label }
        reportUnknown(main, in: draw, bundle: bundle)
        return Self.unknownSymbol
    }

    /// The strip's symbol for a colour with neither a symbol nor a label in the locale.
    static let unknownSymbol = "❔"

    private func label(forColor name: String, in draw: Draw, bundle: LocaleBundle) -> String {
        if let label = bundle.label(forColor: name) { return label }
        reportUnknown(name, in: draw, bundle: bundle)
        return name
    }

    /// Warns, once per colour name, of a colour the locale has no label for.
    private func reportUnknown(_ name: String, in draw: Draw, bundle: LocaleBundle) {
        // At most `reportLimit` names are remembered, so a game API that keeps inventing colours
        // cannot grow this set without end; past the limit, new names are no longer logged.
        let isNew = reportedColors.withLock { reported -> Bool in
            guard reported.count < Self.reportLimit else { return false }
            return reported.insert(name.lowercased()).inserted
        }
        if isNew {
            logger.warning(
                "Unknown colour '\(name)' in draw \(draw.issue): shown as it is (\(Self.unknownSymbol) in the history strip); add colors.\(name.lowercased()) and color_symbols.\(name.lowercased()) to \(bundle.file)",
                metadata: ["draw.issue": "\(draw.issue)"]
            )
        }
    }
}

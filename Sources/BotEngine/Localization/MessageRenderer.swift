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
    public var bundle: LocaleBundle { current.withLock { $0 }.bundle }
    /// Formats draw times in the bot's time zone, in the current locale's conventions.
    public var timeFormatter: DrawTimeFormatter { current.withLock { $0 }.timeFormatter }
    private let gameType: String
    private let timeZone: TimeZone
    private let logger: Logger
    private let current: Mutex<Texts>
    private let reportedColors = Mutex<Set<String>>([])
    /// How many unknown colour names are logged (once each) before the renderer stops logging them.
    public static let reportLimit = 100

    /// One locale with what is derived from it, swapped as a whole.
    private final class Texts: Sendable {
        let bundle: LocaleBundle
        let timeFormatter: DrawTimeFormatter
        let numberStyle: IntegerFormatStyle<Int>

        init(bundle: LocaleBundle, timeZone: TimeZone) {
            self.bundle = bundle
            self.timeFormatter = DrawTimeFormatter(locale: bundle.formattingLocale, timeZone: timeZone)
            self.numberStyle = IntegerFormatStyle<Int>(locale: bundle.formattingLocale)
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
    public func replace(_ bundle: LocaleBundle) {
        let texts = Texts(bundle: bundle, timeZone: timeZone)
        current.withLock { $0 = texts }
        reportedColors.withLock { $0 = [] }
    }

    /// The labels of `draw`'s colours in this locale.
    public func colorLabels(of draw: Draw) -> [String] {
        colorLabels(of: draw, bundle: bundle)
    }

    private func colorLabels(of draw: Draw, bundle: LocaleBundle) -> [String] {
        draw.colors.map { label(forColor: $0, in: draw, bundle: bundle) }
    }

    /// The message for `draw`; `seenAt` stands in for the draw time when the API gives none.
    /// `history` is the window of draws the draw came with (the feed's draws): those up to `draw`
    /// fill `{{history}}` and `{{streak}}`; without it they show `draw` alone.
    /// Every inserted value is escaped for `format`; the template's own text, and a counted
    /// phrase's own text, are kept.
    public func render(_ draw: Draw, seenAt: Date, format: MessageFormat = .plain, history window: [Draw] = []) -> String {
        let texts = current.withLock { $0 }
        let bundle = texts.bundle
        let timeFormatter = texts.timeFormatter
        let template = bundle.resultTemplate
        let time = draw.time ?? seenAt
        let history = DrawHistory(draw: draw, window: window, limit: bundle.historyLength)
        var values: [String: String] = [:]
        for name in template.names {
            switch name {
            case "issue": values[name] = String(draw.issue)
            case "value": values[name] = draw.value
            case "colors": values[name] = colorLabels(of: draw, bundle: bundle).joined(separator: bundle.colorSeparator)
            case "game_type": values[name] = gameType
            case "time": values[name] = timeFormatter.time(time)
            case "date": values[name] = timeFormatter.date(time)
            case "time_zone": values[name] = timeFormatter.zoneName(at: time)
            case "utc_offset": values[name] = timeFormatter.utcOffset(at: time)
            case "locale_name": values[name] = bundle.displayName
            case "history": values[name] = history.recent.map { symbol(of: $0, bundle: bundle) }.joined()
            case "streak_count": values[name] = history.streakCount.formatted(texts.numberStyle)
            case "streak_color": values[name] = streakLabel(history, bundle: bundle)
            default: break
            }
        }
        var escaped: [String: Any] = values.mapValues(format.escape)
        if template.names.contains("streak") {
            escaped["streak"] = phrase(
                "streak", count: history.streakCount, color: streakLabel(history, bundle: bundle), format: format, texts: texts)
        }
        return template.render(escaped)
    }

    /// The counted phrase `name` for `count`: its plural category's sections shown, its values
    /// escaped for `format`.
    func phrase(_ name: String, count: Int, color: String, format: MessageFormat) -> String {
        phrase(name, count: count, color: color, format: format, texts: current.withLock { $0 })
    }

    private func phrase(_ name: String, count: Int, color: String, format: MessageFormat, texts: Texts) -> String {
        let countText = format.escape(count.formatted(texts.numberStyle))
        guard let phrase = texts.bundle.phrases[name] else { return countText }
        return phrase.template.render(phrase.values(count: count, adding: ["count": countText, "color": format.escape(color)]))
    }

    private func streakLabel(_ history: DrawHistory, bundle: LocaleBundle) -> String {
        history.draw.colors.first.map { label(forColor: $0, in: history.draw, bundle: bundle) } ?? ""
    }

    /// A draw's history-strip symbol: its main colour's symbol, else that colour's label.
    private func symbol(of draw: Draw, bundle: LocaleBundle) -> String {
        guard let main = draw.colors.first else { return "" }
        return bundle.symbol(forColor: main) ?? label(forColor: main, in: draw, bundle: bundle)
    }

    private func label(forColor name: String, in draw: Draw, bundle: LocaleBundle) -> String {
        if let label = bundle.label(forColor: name) { return label }
        // At most `reportLimit` names are remembered, so a game API that keeps inventing colours
        // cannot grow this set without end; past the limit, new names are no longer logged.
        let isNew = reportedColors.withLock { reported -> Bool in
            guard reported.count < Self.reportLimit else { return false }
            return reported.insert(name.lowercased()).inserted
        }
        if isNew {
            logger.warning(
                "Unknown colour '\(name)' in draw \(draw.issue): shown as it is; add colors.\(name.lowercased()) to \(bundle.file)",
                metadata: ["draw.issue": "\(draw.issue)"]
            )
        }
        return name
    }
}

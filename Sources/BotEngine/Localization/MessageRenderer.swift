import Foundation
import Logging
import Synchronization

/// Renders a draw into a locale's message: labels its colours, formats its time in the bot's
/// time zone, shows the recent results and the current run, and fills the template. A colour the
/// locale has no label for is shown by its raw name and logged once.
public final class MessageRenderer: Sendable {
    /// The locale rendered.
    public let bundle: LocaleBundle
    /// Formats draw times in the bot's time zone, in the locale's conventions.
    public let timeFormatter: DrawTimeFormatter
    private let gameType: String
    private let numberStyle: IntegerFormatStyle<Int>
    private let logger: Logger
    private let reportedColors = Mutex<Set<String>>([])

    /// A renderer for `bundle`; `gameType` fills `{{game_type}}` and times are shown in `timeZone`.
    public init(bundle: LocaleBundle, gameType: String, timeZone: TimeZone = TimeZone(identifier: "UTC")!, logger: Logger) {
        self.bundle = bundle
        self.gameType = gameType
        self.timeFormatter = DrawTimeFormatter(locale: bundle.formattingLocale, timeZone: timeZone)
        self.numberStyle = IntegerFormatStyle<Int>(locale: bundle.formattingLocale)
        self.logger = logger
    }

    /// The labels of `draw`'s colours in this locale.
    public func colorLabels(of draw: Draw) -> [String] {
        draw.colors.map { label(forColor: $0, in: draw) }
    }

    /// The message for `draw`; `seenAt` stands in for the draw time when the API gives none.
    /// `history` is the window of draws the draw came with (the feed's draws): those up to `draw`
    /// fill `{{history}}` and `{{streak}}`; without it they show `draw` alone.
    /// Every inserted value is escaped for `format`; the template's own text, and a counted
    /// phrase's own text, are kept.
    public func render(_ draw: Draw, seenAt: Date, format: MessageFormat = .plain, history window: [Draw] = []) -> String {
        let template = bundle.resultTemplate
        let time = draw.time ?? seenAt
        let history = DrawHistory(draw: draw, window: window, limit: bundle.historyLength)
        var values: [String: String] = [:]
        for name in template.names {
            switch name {
            case "issue": values[name] = String(draw.issue)
            case "value": values[name] = draw.value
            case "colors": values[name] = colorLabels(of: draw).joined(separator: bundle.colorSeparator)
            case "game_type": values[name] = gameType
            case "time": values[name] = timeFormatter.time(time)
            case "date": values[name] = timeFormatter.date(time)
            case "time_zone": values[name] = timeFormatter.zoneName(at: time)
            case "utc_offset": values[name] = timeFormatter.utcOffset(at: time)
            case "locale_name": values[name] = bundle.displayName
            case "history": values[name] = history.recent.map { symbol(of: $0) }.joined()
            case "streak_count": values[name] = history.streakCount.formatted(numberStyle)
            case "streak_color": values[name] = streakLabel(history)
            default: break
            }
        }
        var escaped: [String: Any] = values.mapValues(format.escape)
        if template.names.contains("streak") {
            escaped["streak"] = phrase("streak", count: history.streakCount, color: streakLabel(history), format: format)
        }
        return template.render(escaped)
    }

    /// The counted phrase `name` for `count`: its plural category's sections shown, its values
    /// escaped for `format`.
    func phrase(_ name: String, count: Int, color: String, format: MessageFormat) -> String {
        let countText = format.escape(count.formatted(numberStyle))
        guard let phrase = bundle.phrases[name] else { return countText }
        return phrase.template.render(phrase.values(count: count, adding: ["count": countText, "color": format.escape(color)]))
    }

    private func streakLabel(_ history: DrawHistory) -> String {
        history.draw.colors.first.map { label(forColor: $0, in: history.draw) } ?? ""
    }

    /// A draw's history-strip symbol: its main colour's symbol, else that colour's label.
    private func symbol(of draw: Draw) -> String {
        guard let main = draw.colors.first else { return "" }
        return bundle.symbol(forColor: main) ?? label(forColor: main, in: draw)
    }

    private func label(forColor name: String, in draw: Draw) -> String {
        if let label = bundle.label(forColor: name) { return label }
        let isNew = reportedColors.withLock { $0.insert(name.lowercased()).inserted }
        if isNew {
            logger.warning(
                "Unknown colour '\(name)' in draw \(draw.issue): shown as it is; add colors.\(name.lowercased()) to \(bundle.file)",
                metadata: ["draw.issue": "\(draw.issue)"]
            )
        }
        return name
    }
}

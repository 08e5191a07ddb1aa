import Foundation
import Logging
import Synchronization

/// Renders a draw into a locale's message: labels its colours, formats its time and fills the
/// template. A colour the locale has no label for is shown by its raw name and logged once.
public final class MessageRenderer: Sendable {
    /// The locale rendered.
    public let bundle: LocaleBundle
    private let gameType: String
    private let logger: Logger
    private let reportedColors = Mutex<Set<String>>([])

    /// A renderer for `bundle`; `gameType` fills `{{game_type}}`.
    public init(bundle: LocaleBundle, gameType: String, logger: Logger) {
        self.bundle = bundle
        self.gameType = gameType
        self.logger = logger
    }

    /// The labels of `draw`'s colours in this locale.
    public func colorLabels(of draw: Draw) -> [String] {
        draw.colors.map { name in
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

    /// The message for `draw`; `seenAt` stands in for the draw time when the API gives none.
    /// Every inserted value is escaped for `format`; the template's own text is kept.
    public func render(_ draw: Draw, seenAt: Date, format: MessageFormat = .plain) -> String {
        let values = [
            "issue": String(draw.issue),
            "value": draw.value,
            "colors": colorLabels(of: draw).joined(separator: bundle.colorSeparator),
            "game_type": gameType,
            "time": Self.formatUTC(draw.time ?? seenAt),
            "locale_name": bundle.displayName,
        ]
        return bundle.resultTemplate.render(values.mapValues(format.escape))
    }

    /// `yyyy-MM-dd HH:mm:ss` in UTC.
    static func formatUTC(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d-%02d-%02d %02d:%02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0
        )
    }
}

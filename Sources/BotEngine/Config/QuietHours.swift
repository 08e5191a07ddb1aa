// SPDX-License-Identifier: Apache-2.0
import BotSupport
import Foundation

/// A sink's `quiet_hours: {from: "23:00", to: "07:00"}`: a daily window, in the bot's `time_zone`,
/// in which its posts go out silently (no notification sound). Posts are never held back.
///
/// The window is read from the local time of each post, so it crosses midnight when `from` is
/// after `to`, and a daylight-saving change moves it with the clocks on the wall: `23:00` is
/// 23:00 local time on either side of the change.
package struct QuietHours: Sendable, Equatable {
    /// The first quiet minute of the day, counted from local midnight.
    package var fromMinute: Int
    /// The first minute after the window, counted from local midnight.
    package var toMinute: Int

    /// A window from `fromMinute` to `toMinute` (minutes after local midnight, 0..<1440).
    package init(fromMinute: Int, toMinute: Int) {
        self.fromMinute = fromMinute
        self.toMinute = toMinute
    }

    /// Whether wall-clock time `millis` (since 1970) falls in the window, in `timeZone`.
    package func contains(millis: Int64, timeZone: TimeZone) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.hour, .minute], from: Date(timeIntervalSince1970: Double(millis) / 1000))
        let minute = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
        if fromMinute < toMinute { return minute >= fromMinute && minute < toMinute }
        return minute >= fromMinute || minute < toMinute
    }

    /// Parses `quiet_hours:` of a sink: a mapping with `from` and `to`, each `HH:MM` (24-hour clock).
    static func parse(_ tree: YAMLTree) throws(FileError) -> QuietHours {
        guard case .mapping = tree.node else { throw tree.error(.wrongType, "expected a mapping such as {from: \"23:00\", to: \"07:00\"}") }
        let keys = try tree.mapping(allowed: ["from", "to"])
        func minute(_ key: String) throws(FileError) -> Int {
            guard let value = keys[key] else { throw tree.error(.missingKey, "\(key) is required (a time such as \"23:00\")") }
            let text = try value.string()
            let fields = text.split(separator: ":", omittingEmptySubsequences: false)
            guard fields.count == 2, (1...2).contains(fields[0].count), fields[1].count == 2, fields.allSatisfy({ $0.allSatisfy(\.isASCII) }),
                let hour = Int(fields[0]), let minute = Int(fields[1]), (0..<24).contains(hour), (0..<60).contains(minute)
            else {
                throw value.error(.invalidValue, "expected a time of day as HH:MM on a 24-hour clock, such as \"23:00\" or \"07:30\", got '\(text)'")
            }
            return hour * 60 + minute
        }
        let hours = QuietHours(fromMinute: try minute("from"), toMinute: try minute("to"))
        guard hours.fromMinute != hours.toMinute else {
            throw tree.error(.invalidValue, "from and to are the same time, an empty window; leave quiet_hours out")
        }
        return hours
    }
}

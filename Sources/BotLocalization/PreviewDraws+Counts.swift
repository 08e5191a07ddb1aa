// SPDX-License-Identifier: Apache-2.0
import Foundation
import BotSupport

extension PreviewDraws {
    /// The draw `issue` with `value` and `colors` at `time`, ending a window of draws that names
    /// each colour as often as `counts` says (`red: 6, green: 5, violet: 3`: 14 draws, the draw
    /// included), its main colour's last `streak` of them in a row. The older draws take turns
    /// between the colours with the most left, so that no run is longer than the counts force.
    /// A count is taken between 0 and `maxStreak`; the main colour's is at least `streak`.
    public init(issue: Int64, value: String, colors: [String], streak: Int, time: Date, counts: [String: Int]) {
        let main = colors.first?.lowercased() ?? "green"
        var left = counts.reduce(into: [String: Int]()) { $0[$1.key.lowercased(), default: 0] += min(max($1.value, 0), Self.maxStreak) }
        let streak = min(max(streak, 1), Self.maxStreak)
        left[main] = max(left[main, default: 0], streak) - streak
        // Going back from the run: each older draw is of a colour other than the one after it when one is left.
        var older: [String] = []
        var after = main
        while let color = Self.nextColor(left: left, after: after) {
            older.append(color)
            left[color, default: 0] -= 1
            after = color
        }
        let mainRun = Array(repeating: main, count: streak - 1)
        let sequence = older.reversed() + mainRun
        let window = sequence.enumerated().map { index, color in
            let back = sequence.count - index
            return Draw(issue: issue - Int64(back), value: "", colors: [color], time: time.addingTimeInterval(Double(-60 * back)))
        }
        let draw = Draw(issue: issue, value: value, colors: colors, time: time)
        self.init(draw: draw, window: window + [draw])
    }

    /// The colour with the most draws left other than `after` (red, green, violet, then by name on a
    /// tie), else `after` itself when only it is left; nil when none is.
    private static func nextColor(left: [String: Int], after: String) -> String? {
        let order = LocaleBundle.requiredColors + left.keys.filter { !LocaleBundle.requiredColors.contains($0) }.sorted()
        let candidates = order.filter { left[$0, default: 0] > 0 }
        let others = candidates.filter { $0 != after }
        // `max(by:)` keeps the first of equals, so a tie goes by `order`.
        return others.max { left[$0, default: 0] < left[$1, default: 0] } ?? candidates.first
    }
}

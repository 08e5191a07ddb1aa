// SPDX-License-Identifier: Apache-2.0
import BotSupport
import Foundation

/// A made-up draw with the history a translator asks for, for `redgreen-bot locales preview`:
/// the draw, and before it a run of its main colour `streak` long, ended by another colour, and
/// older draws alternating colours to fill the history strip.
package struct PreviewDraws: Sendable {
    /// The draw previewed.
    package let draw: Draw
    /// The draws before it (and it), ascending by issue, as a feed window.
    package let window: [Draw]

    /// The longest run a preview makes: a bot counts a run within the window of draws the game API
    /// returns (tens, a few hundred at most), and the preview holds every draw of the run.
    package static let maxStreak = 10_000

    /// The draw `issue` with `value` and `colors` at `time`, after `streak - 1` draws of its main
    /// colour and `history` draws in all. `streak` and `history` are taken between 1 and
    /// `maxStreak` (`locales preview` refuses others), so the window stays small.
    package init(issue: Int64, value: String, colors: [String], streak: Int, time: Date, history: Int) {
        let streak = min(max(streak, 1), Self.maxStreak)
        let history = min(max(history, 1), Self.maxStreak)
        let main = colors.first?.lowercased() ?? "green"
        let others = LocaleBundle.requiredColors.filter { $0 != main }
        let (other, third) = (others[0], others[1])
        draw = Draw(issue: issue, value: value, colors: colors, time: time)
        var window: [Draw] = []
        let count = max(history, streak + 1)
        for back in stride(from: count - 1, through: 1, by: -1) {
            let color: String
            if back < streak {
                color = main
            } else if back == streak {
                color = other
            } else {
                color = (back - streak) % 2 == 1 ? third : other
            }
            // Only the colour matters to the strip and the run; the value follows the game's colours.
            window.append(Draw(issue: issue - Int64(back), value: "", colors: [color], time: time.addingTimeInterval(Double(-60 * back))))
        }
        window.append(draw)
        self.window = window
    }

    /// `draw` with `window` (ascending, ending with `draw`).
    init(draw: Draw, window: [Draw]) {
        self.draw = draw
        self.window = window
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotSupport
/// The results leading up to one draw, for the `{{history}}` strip and the `{{streak}}` phrase.
///
/// Built from the window of draws the game API returns (`DrawFeed.draws`, also in a snapshot's
/// `game_data`), so it reaches back as far as that window does (10 draws in the original API): a
/// longer run shows as the window's length. A draw's *main colour* is the first colour the game
/// names (`["Green", "Violet"]` is green), the one a strip shows.
package struct DrawHistory: Sendable, Equatable {
    /// The draw the history leads up to.
    package let draw: Draw
    /// The draws of the window up to and including `draw`, ascending by issue, at most `limit`.
    package let recent: [Draw]
    /// How many draws in a row, `draw` included, have `draw`'s main colour (at least 1).
    package let streakCount: Int

    /// The history of `draw` from `window` (any order; draws after `draw` are ignored, and `draw`
    /// itself need not be in it), keeping the last `limit` draws for the strip.
    package init(draw: Draw, window: [Draw], limit: Int) {
        var earlier = window.filter { $0.issue < draw.issue }.sorted { $0.issue < $1.issue }
        earlier.append(draw)
        self.draw = draw
        self.recent = Array(earlier.suffix(max(1, limit)))
        let color = Self.mainColor(of: draw)
        self.streakCount = earlier.reversed().prefix { Self.mainColor(of: $0) == color }.count
    }

    /// The main colour of `draw`'s run, lower-cased (`green`); empty if the draw names none.
    package var streakColor: String { Self.mainColor(of: draw) }

    /// The first colour a draw names, lower-cased.
    package static func mainColor(of draw: Draw) -> String {
        draw.colors.first?.lowercased() ?? ""
    }
}

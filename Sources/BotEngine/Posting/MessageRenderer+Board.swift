// SPDX-License-Identifier: Apache-2.0
import BotLocalization
import BotSupport
import Foundation

extension MessageRenderer {
    /// The live board after `draw`: the locale's `messages.board`, with the message's placeholders
    /// (the latest draw, `{{history}}`, `{{streak}}`) and the trend caption's counts and runs over the
    /// last `BoardSettings.draws` results of `history`, escaped for `format`; nil when the locale has
    /// no `messages.board`. `seenAt` stands in for the draw time when the API gives none.
    package func renderBoard(_ draw: Draw, history: [Draw], format: MessageFormat, seenAt: Date = Date()) -> String? {
        render(draw, seenAt: seenAt, format: format, history: history, board: true)
    }
}

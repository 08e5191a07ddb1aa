// SPDX-License-Identifier: Apache-2.0
/// A sink's live board (`board:` on a Telegram or Discord sink): one extra message in the chat,
/// edited in place after every draw with the last results, the colour counts and the current run,
/// from the locale's `messages.board`.
package struct BoardSettings: Sendable, Hashable {
    /// Pin the board when it is posted (Telegram `board: {pin: true}`; silently). Discord webhooks cannot pin.
    package var pin = false

    /// How many of the latest results the board's counts and runs cover.
    package static let draws = 100

    /// A board, pinned or not.
    package init(pin: Bool = false) {
        self.pin = pin
    }
}

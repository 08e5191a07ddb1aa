// SPDX-License-Identifier: Apache-2.0
/// One value a sink learned and keeps across restarts: `field` of `locale`'s sink `sink`
/// (`chat_id` of a chat that moved, `forum_thread` of a Discord forum post it created, `board`:
/// the message id of its live board).
package struct SinkStateKey: Sendable, Hashable {
    /// The bot's locale.
    package var locale: String
    /// The sink's name.
    package var sink: String
    /// What the value is.
    package var field: String

    /// Creates a key.
    package init(locale: String, sink: String, field: String) {
        self.locale = locale
        self.sink = sink
        self.field = field
    }

    /// The field that keeps the message id of a sink's live board.
    package static let boardField = "board"

    /// The message id of the live board of `locale`'s sink `sink`.
    package static func board(locale: String, sink: String) -> SinkStateKey {
        SinkStateKey(locale: locale, sink: sink, field: boardField)
    }
}

/// Where sinks keep what they learn from their chat API, so a restarted bot knows it too: Redis
/// when the bot has one (`RedisSinkStateStore`), else process memory (`InMemorySinkStateStore`).
package protocol SinkStateStore: Sendable {
    /// The value of `key`; nil when none was kept.
    func value(of key: SinkStateKey) async throws -> String?
    /// Keeps `value` for `key`, with no expiry.
    func setValue(_ value: String, for key: SinkStateKey) async throws
    /// Adds one to the fleet's count of Discord's invalid requests in the 10-minute window
    /// `window`, and returns the count; the count expires after `ttl`.
    func countInvalidRequest(window: Int64, ttl: Duration) async throws -> Int
}

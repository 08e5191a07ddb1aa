// SPDX-License-Identifier: Apache-2.0
import BotLocalization
import BotSupport
/// One rendered post of one draw by one bot.
package struct Post: Sendable, Equatable {
    /// The bot's locale code.
    package var locale: String
    /// The draw posted.
    package var draw: Draw
    /// The draw's colours as lower-case names (`red`, `violet`), the same in every locale.
    package var colorNames: [String]
    /// The rendered message.
    package var text: String
    /// When the bot posted it, in milliseconds since 1970.
    package var postedAtMillis: Int64
    /// A picture posted with `text` as its caption (the trend picture, PNG), if any.
    package var picture: [UInt8]?
    /// The picture's alt text in the bot's language (`messages.trend_alt`), plain text, if any.
    package var altText: String?
    /// For a digest (`messages.digest`), the draws it covers, oldest first, `draw` the newest:
    /// the ledger marks every one of them posted once it is sent. Empty for one draw's post.
    package var covered: [Draw] = []

    /// The issues this post stands for in the ledger: those it covers, or its draw's.
    package var issues: [Int64] { covered.isEmpty ? [draw.issue] : covered.map(\.issue) }

    /// Creates a post.
    package init(locale: String, draw: Draw, colorNames: [String], text: String, postedAtMillis: Int64, picture: [UInt8]? = nil) {
        self.locale = locale
        self.draw = draw
        self.colorNames = colorNames
        self.text = text
        self.postedAtMillis = postedAtMillis
        self.picture = picture
    }
}

/// Somewhere posts go: the console, a Telegram chat, a Discord channel, a webhook.
///
/// A `SinkWorker` owns each sink: it renders nothing, splits the post's text at `maxLength`,
/// sends the parts in order, retries as the thrown `SinkError` says, and keeps the ledger.
package protocol MessageSink: Sendable {
    /// The sink's name in logs and in the delivery ledger.
    var name: String { get }
    /// The markup its messages are written in; inserted values are escaped for it.
    var format: MessageFormat { get }
    /// The longest message it takes, in characters; longer posts are split on line boundaries.
    var maxLength: Int? { get }
    /// Whether `{{time}}` and `{{date}}` go out as Telegram `date_time` entities (`<tg-time>`).
    var timeEntities: Bool { get }
    /// Sends one part of `post` (the whole text unless it was split). Throws `SinkError`.
    func send(_ text: String, of post: Post) async throws
    /// Sends one part of `post`, calling `beforeRequest` right before each request goes out, after
    /// any wait for a rate limit: the worker claims the post in the delivery ledger there, so that
    /// no claim is held across a wait. A throw from `beforeRequest` ends the send, unsent.
    func send(_ text: String, of post: Post, beforeRequest: @escaping @Sendable () async throws -> Void) async throws
}

extension MessageSink {
    /// Plain text.
    package var format: MessageFormat { .plain }
    /// No limit.
    package var maxLength: Int? { nil }
    /// No entities: times are text.
    package var timeEntities: Bool { false }

    /// `beforeRequest`, then `send(_:of:)`: for a sink that does not wait before its request.
    package func send(_ text: String, of post: Post, beforeRequest: @escaping @Sendable () async throws -> Void) async throws {
        try await beforeRequest()
        try await send(text, of: post)
    }
}

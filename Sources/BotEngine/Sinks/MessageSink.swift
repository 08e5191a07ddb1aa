// SPDX-License-Identifier: Apache-2.0
import BotLocalization
import BotSupport
/// One rendered post of one draw by one bot.
public struct Post: Sendable, Equatable {
    /// The bot's locale code.
    public var locale: String
    /// The draw posted.
    public var draw: Draw
    /// The draw's colours as lower-case names (`red`, `violet`), the same in every locale.
    public var colorNames: [String]
    /// The rendered message.
    public var text: String
    /// When the bot posted it, in milliseconds since 1970.
    public var postedAtMillis: Int64
    /// A picture posted with `text` as its caption (the trend picture, PNG), if any.
    public var picture: [UInt8]?
    /// The picture's alt text in the bot's language (`messages.trend_alt`), plain text, if any.
    public var altText: String?
    /// For a digest (`messages.digest`), the draws it covers, oldest first, `draw` the newest:
    /// the ledger marks every one of them posted once it is sent. Empty for one draw's post.
    public var covered: [Draw] = []

    /// The issues this post stands for in the ledger: those it covers, or its draw's.
    public var issues: [Int64] { covered.isEmpty ? [draw.issue] : covered.map(\.issue) }

    /// Creates a post.
    public init(locale: String, draw: Draw, colorNames: [String], text: String, postedAtMillis: Int64, picture: [UInt8]? = nil) {
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
public protocol MessageSink: Sendable {
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
    public var format: MessageFormat { .plain }
    /// No limit.
    public var maxLength: Int? { nil }
    /// No entities: times are text.
    public var timeEntities: Bool { false }

    /// `beforeRequest`, then `send(_:of:)`: for a sink that does not wait before its request.
    public func send(_ text: String, of post: Post, beforeRequest: @escaping @Sendable () async throws -> Void) async throws {
        try await beforeRequest()
        try await send(text, of: post)
    }
}

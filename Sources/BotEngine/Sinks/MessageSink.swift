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

    /// Creates a post.
    public init(locale: String, draw: Draw, colorNames: [String], text: String, postedAtMillis: Int64) {
        self.locale = locale
        self.draw = draw
        self.colorNames = colorNames
        self.text = text
        self.postedAtMillis = postedAtMillis
    }
}

/// Somewhere posts go: the console today; chat APIs and webhooks plug in the same way.
public protocol MessageSink: Sendable {
    /// A short name for logs (`console`, `telegram:@channel`).
    var name: String { get }
    /// Delivers one post; throws when it could not.
    func deliver(_ post: Post) async throws
}

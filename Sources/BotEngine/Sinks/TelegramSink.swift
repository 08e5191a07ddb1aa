import CurlHTTP
import Foundation

/// Posts to a Telegram chat with the Bot API's `sendMessage`, within Telegram's limits (1 message
/// a second per chat, 20 a minute per group or channel, 30 a second per bot), in HTML parse mode by
/// default. Messages over 4096 characters are split.
public struct TelegramSink: MessageSink {
    /// The sink's name.
    public let name: String
    /// HTML unless `parse_mode: none`.
    public let format: MessageFormat
    /// Telegram's limit on a message's text.
    public let maxLength: Int? = 4096
    let settings: TelegramSinkSettings
    let http: HTTPSinkClient
    /// The trend picture's uploads and the live board's requests: a transport of their own, so
    /// messages never queue behind one.
    let pictureHTTP: HTTPSinkClient
    let limit: @Sendable ([RateLimitRule]) async throws -> Void

    /// A sink for `settings`; `limit` waits for Telegram's rate limits (shared by the sinks of one token).
    /// `pictureTransport` carries the trend picture's uploads and the live board's requests (a client of
    /// its own when `trend:` or `board:` is set: a libcurl client runs one request at a time); `transport` when nil.
    public init(
        settings: TelegramSinkSettings, transport: any HTTPTransport, pictureTransport: (any HTTPTransport)? = nil, timeout: Duration = .seconds(10),
        limit: @escaping @Sendable ([RateLimitRule]) async throws -> Void
    ) {
        self.name = settings.name
        self.format = settings.parseMode == "HTML" ? .html : .plain
        self.settings = settings
        self.http = HTTPSinkClient(transport: transport, timeout: timeout, secrets: [settings.token.value])
        self.pictureHTTP = http.over(pictureTransport)
        self.limit = limit
    }

    /// Telegram's limits for a chat of one token (the limiter is the token's): groups and channels
    /// (negative ids, `@names`) have a per-minute one too.
    public static func rules(chatID: String) -> [RateLimitRule] {
        var rules = [
            RateLimitRule(key: "bot", count: 30, window: .seconds(1)),
            .init(key: "chat:\(chatID)", count: 1, window: .seconds(1)),
        ]
        if chatID.hasPrefix("-") || chatID.hasPrefix("@") {
            rules.append(.init(key: "group:\(chatID)", count: 20, window: .seconds(60)))
        }
        return rules
    }

    struct Message: Encodable {
        var chatID: ChatID
        var text: String
        var parseMode: String?
        var disableNotification: Bool

        enum CodingKeys: String, CodingKey {
            case chatID = "chat_id", text, parseMode = "parse_mode", disableNotification = "disable_notification"
        }

        enum ChatID: Encodable {
            case number(Int64), name(String)
            func encode(to encoder: any Encoder) throws {
                var container = encoder.singleValueContainer()
                switch self {
                case .number(let id): try container.encode(id)
                case .name(let name): try container.encode(name)
                }
            }
        }
    }

    public func send(_ text: String, of post: Post) async throws {
        _ = try await sendMessage(text)
    }

    /// `sendMessage` of `text` within the chat's rate limits, over `client` (the messages' by default); returns the `ok` answer.
    func sendMessage(_ text: String, over client: HTTPSinkClient? = nil) async throws -> HTTPResponse {
        let message = Message(chatID: chatID, text: text, parseMode: settings.parseMode, disableNotification: settings.disableNotification)
        return try await call("sendMessage", HTTPSinkClient.encode(message), over: client)
    }

    /// The configured chat as the Bot API takes it: a number, or an `@name`.
    var chatID: Message.ChatID { Int64(settings.chatID).map { .number($0) } ?? .name(settings.chatID) }

    /// Calls the Bot API method `method` with the JSON `body`, within the chat's rate limits;
    /// returns an `ok` answer, throws the `SinkError` any other means.
    func call(_ method: String, _ body: [UInt8], over client: HTTPSinkClient? = nil) async throws -> HTTPResponse {
        let response = try await request(method, body, over: client)
        try check(response)
        return response
    }

    /// Calls the Bot API method `method` with the JSON `body`, within the chat's rate limits; returns any answer.
    func request(_ method: String, _ body: [UInt8], over client: HTTPSinkClient? = nil) async throws -> HTTPResponse {
        try await limit(Self.rules(chatID: settings.chatID))
        return try await (client ?? http).postJSON("\(settings.apiBaseURL)/bot\(settings.token.value)/\(method)", body: body)
    }

    /// Returns for an answer of `ok: true`; throws the `SinkError` any other answer means.
    func check(_ response: HTTPResponse) throws {
        let json = HTTPSinkClient.jsonObject(response)
        if (200..<300).contains(response.status), case .bool(true) = json?["ok"] { return }
        let description = http.redact(json?["description"]?.text ?? String(decoding: response.body.prefix(200), as: UTF8.self))
        switch response.status {
        case 429:
            let wait = json?["parameters"]?["retry_after"]?.seconds ?? HTTPSinkClient.retryAfterHeader(response) ?? .seconds(1)
            throw SinkError(.rateLimited(retryAfter: wait), "Telegram rate limit for chat \(settings.chatID): \(description)")
        case 500...:
            throw SinkError(.transient, "Telegram answered HTTP \(response.status): \(description)")
        case 401:
            throw SinkError(.permanent, "Telegram refused the bot token (HTTP 401: \(description)); check the sink's token_env or token_file")
        case 403:
            throw SinkError(
                .permanent, "the bot may not post to chat \(settings.chatID) (HTTP 403: \(description)); add it to the chat, as an admin of a channel"
            )
        case 400:
            throw SinkError(
                .permanent,
                "Telegram rejected the message for chat \(settings.chatID) (HTTP 400: \(description)); check chat_id and the template's HTML"
            )
        case 404:
            throw SinkError(.permanent, "no Bot API method at \(settings.apiBaseURL) (HTTP 404); check api_base_url and the token")
        default:
            throw SinkError(.transient, "Telegram answered HTTP \(response.status): \(description)")
        }
    }
}

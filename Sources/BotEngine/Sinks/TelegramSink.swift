// SPDX-License-Identifier: Apache-2.0
import BotLocalization
import CurlHTTP
import Foundation

/// Posts to a Telegram chat with the Bot API's `sendMessage`, within Telegram's limits (1 message
/// a second per chat, 20 a minute per group or channel, 30 a second per bot), in HTML parse mode by
/// default. Messages over 4096 characters are split.
package struct TelegramSink: MessageSink {
    /// The sink's name.
    package let name: String
    /// HTML unless `parse_mode: none`.
    package let format: MessageFormat
    /// Telegram's limit on a message's text.
    package let maxLength: Int? = 4096
    /// `telegram.time_entity` with HTML parse mode: times go out as `<tg-time>` (`date_time` entities).
    package var timeEntities: Bool { settings.timeEntity && format == .html }
    let settings: TelegramSinkSettings
    let http: HTTPSinkClient
    /// The trend picture's uploads and the live board's requests: a transport of their own, so
    /// messages never queue behind one.
    let pictureHTTP: HTTPSinkClient
    let limit: @Sendable ([RateLimitRule]) async throws -> Void
    let context: SinkContext
    /// The chat a group moved to when it became a supergroup: `<old id>\t<new id>`.
    let migration: RememberedValue
    /// The requests sent to the chat, against its budget (20 a minute for a group or channel, 60 for a private chat).
    let sends: SendTally

    /// A sink for `settings`; `limit` waits for Telegram's rate limits (shared by the sinks of one token).
    /// `pictureTransport` carries the trend picture's uploads and the live board's requests (a client of
    /// its own when `trend:` or `board:` is set: a libcurl client runs one request at a time); `transport` when nil.
    /// `context` keeps a migrated chat's id across restarts and gives the time zone of `quiet_hours`.
    package init(
        settings: TelegramSinkSettings, transport: any HTTPTransport, pictureTransport: (any HTTPTransport)? = nil, timeout: Duration = .seconds(10),
        context: SinkContext = .standalone(), limit: @escaping @Sendable ([RateLimitRule]) async throws -> Void
    ) {
        self.name = settings.name
        self.format = settings.parseMode == .html ? .html : .plain
        self.settings = settings
        self.http = HTTPSinkClient(transport: transport, timeout: timeout, secrets: [settings.token.value])
        self.pictureHTTP = http.over(pictureTransport)
        self.limit = limit
        self.context = context
        self.migration = RememberedValue(sink: settings.name, field: "chat_id", context: context)
        self.sends = SendTally(sink: settings.name, chat: "telegram:\(settings.chatID)", budget: Self.budget(chatID: settings.chatID), context: context)
    }

    /// Requests a minute Telegram takes in a chat: 20 in a group or channel (negative ids,
    /// `@names`), else 60 (one a second).
    static func budget(chatID: String) -> Int { chatID.hasPrefix("-") || chatID.hasPrefix("@") ? 20 : 60 }

    /// Telegram's limits for a chat of one token (the limiter is the token's): groups and channels
    /// (negative ids, `@names`) have a per-minute one too.
    package static func rules(chatID: String) -> [RateLimitRule] {
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
        var messageThreadID: Int64?
        /// Results never unfurl a link preview.
        var linkPreviewOptions = LinkPreviewOptions()
        /// `protect_content: true` when the sink asks for it; absent otherwise.
        var protectContent: Bool?

        enum CodingKeys: String, CodingKey {
            case chatID = "chat_id", text, parseMode = "parse_mode", disableNotification = "disable_notification"
            case messageThreadID = "message_thread_id", linkPreviewOptions = "link_preview_options", protectContent = "protect_content"
        }

        /// `{"is_disabled": true}`.
        struct LinkPreviewOptions: Encodable {
            var isDisabled = true
            enum CodingKeys: String, CodingKey { case isDisabled = "is_disabled" }
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

    package func send(_ text: String, of post: Post) async throws {
        try await sendMessage(text, of: post)
    }

    /// Claims (`beforeRequest`) after the wait for the token's rate limits, right before the request.
    package func send(_ text: String, of post: Post, beforeRequest: @escaping @Sendable () async throws -> Void) async throws {
        try await sendMessage(text, of: post, beforeRequest: beforeRequest)
    }

    /// `sendMessage` of `text` for `post` to the sink's chat (in its topic, if any), over `client`
    /// (the messages' by default); returns the `ok` answer. `beforeRequest` runs after the wait for
    /// the rate limits, right before each request.
    @discardableResult
    func sendMessage(
        _ text: String, of post: Post, over client: HTTPSinkClient? = nil, beforeRequest: @Sendable () async throws -> Void = {}
    ) async throws -> HTTPResponse {
        let url = methodURL("sendMessage")
        return try await sendToChat(kind: .message, beforeRequest: beforeRequest) { chat in
            let message = Message(
                chatID: Self.chatID(chat), text: text, parseMode: settings.parseMode.apiValue, disableNotification: isSilent(post),
                messageThreadID: settings.messageThreadID, protectContent: settings.protectContent ? true : nil
            )
            return try await (client ?? http).postJSON(url, body: HTTPSinkClient.encode(message))
        }
    }

    /// `chat` as the Bot API takes it: a number, or an `@name`.
    static func chatID(_ chat: String) -> Message.ChatID { Int64(chat).map { .number($0) } ?? .name(chat) }

    /// The URL of the Bot API method `method`.
    func methodURL(_ method: String) -> String { "\(settings.apiBaseURL)/bot\(settings.token.value)/\(method)" }

    /// Whether `post` goes out without a notification: `disable_notification`, or in `quiet_hours`.
    func isSilent(_ post: Post) -> Bool {
        settings.disableNotification || context.isQuiet(post, settings.quietHours)
    }

    /// Returns for an answer of `ok: true`; throws the `SinkError` any other answer means.
    func check(_ response: HTTPResponse, chat: String) throws {
        let json = HTTPSinkClient.jsonObject(response)
        if (200..<300).contains(response.status), case .bool(true) = json?["ok"] { return }
        let description = http.redact(json?["description"]?.text ?? String(decoding: response.body.prefix(200), as: UTF8.self))
        switch response.status {
        case 429:
            let wait = json?["parameters"]?["retry_after"]?.seconds ?? HTTPSinkClient.retryAfterHeader(response) ?? .seconds(1)
            throw SinkError(.rateLimited(retryAfter: wait), "Telegram rate limit for chat \(chat): \(description)")
        case 500...:
            throw SinkError(.transient, "Telegram answered HTTP \(response.status): \(description)")
        case 401:
            throw SinkError(
                .chatLost(reason: "unauthorized"),
                "Telegram refused the bot token (HTTP 401: \(description)); check the sink's token_env or token_file")
        case 403:
            throw SinkError(
                .chatLost(reason: "forbidden"),
                "the bot may not post to chat \(chat) (HTTP 403: \(description)); add it to the chat, as an admin of a channel"
            )
        case 400 where description.lowercased().contains("chat not found"):
            throw SinkError(
                .chatLost(reason: "chat_not_found"),
                "Telegram has no chat \(chat) (HTTP 400: \(description)); check chat_id, and that the chat exists")
        case 400 where description.lowercased().contains("thread not found"):
            throw SinkError(
                .permanent,
                "chat \(chat) has no forum topic \(settings.messageThreadID.map(String.init) ?? "(none set)") (HTTP 400: \(description)); check message_thread_id"
            )
        case 400:
            throw SinkError(
                .permanent,
                "Telegram rejected the message for chat \(chat) (HTTP 400: \(description)); check chat_id and the template's HTML"
            )
        case 404:
            throw SinkError(.permanent, "no Bot API method at \(settings.apiBaseURL) (HTTP 404); check api_base_url and the token")
        default:
            throw SinkError(.transient, "Telegram answered HTTP \(response.status): \(description)")
        }
    }
}

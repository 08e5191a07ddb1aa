// SPDX-License-Identifier: Apache-2.0
import BotLocalization
import BotSupport
import CurlHTTP

/// Posts to a Discord channel through a webhook, honouring Discord's `X-RateLimit-*` headers
/// and 429 answers. Messages over 2000 characters are split. Mentions in posts never ping anyone.
package struct DiscordSink: MessageSink {
    /// The sink's name.
    package let name: String
    /// Discord Markdown.
    package let format = MessageFormat.markdown
    /// Discord's limit on a message's content.
    package let maxLength: Int? = 2000
    let settings: DiscordSinkSettings
    let http: HTTPSinkClient
    /// The trend picture's uploads and the live board's requests: a transport of their own, so
    /// messages never queue behind one.
    let pictureHTTP: HTTPSinkClient
    let clock: any Clock<Duration>
    let bucket = RateLimitBucket()
    let context: SinkContext
    /// The thread of the forum post the sink created for `thread_name`: `<thread id>\t<name>`.
    let forumThread: RememberedValue
    /// Posts one at a time while the forum post of `thread_name` is being created.
    let threadCreation = SerialGate()
    /// The requests sent through the webhook, against its channel's 30 messages a minute.
    let sends: SendTally
    /// Discord's 4xx answers, counted against its ban on addresses that send too many.
    let invalid: InvalidRequestGuard
    /// The longest wait for a rate-limit bucket the sink sleeps through by itself.
    static let longestBucketWait: Duration = .seconds(60)

    /// A sink for `settings`.
    /// `pictureTransport` carries the trend picture's uploads and the live board's requests (a client of its own
    /// when `trend:` or `board:` is set); `transport` when nil.
    package init(
        settings: DiscordSinkSettings, transport: any HTTPTransport, pictureTransport: (any HTTPTransport)? = nil, timeout: Duration = .seconds(10),
        clock: any Clock<Duration>, context: SinkContext = .standalone(), invalidRequestThreshold: Int = DiscordSink.invalidRequestThreshold
    ) {
        self.name = settings.name
        self.settings = settings
        self.http = HTTPSinkClient(transport: transport, timeout: timeout, secrets: HTTPSinkClient.secretParts(ofURL: settings.webhookURL.value))
        self.pictureHTTP = http.over(pictureTransport)
        self.clock = clock
        self.context = context
        self.forumThread = RememberedValue(sink: settings.name, field: "forum_thread", context: context)
        self.invalid = InvalidRequestGuard(sink: settings.name, context: context, threshold: invalidRequestThreshold)
        self.sends = SendTally(
            sink: settings.name, chat: "discord:\(SendBudget.webhookName(settings.webhookURL.value))", budget: Self.channelBudget, context: context)
    }

    /// Discord's 4xx answers in 10 minutes, across the fleet, past which its Discord sinks stop
    /// sending until the window ends: a tenth of the 10,000 at which Discord bans the address.
    package static let invalidRequestThreshold = 1000

    /// Messages a minute Discord takes in a channel.
    static let channelBudget = 30

    struct Message: Encodable {
        struct Mentions: Encodable { var parse: [String] = [] }
        /// A file attached to the message (`files[n]` of a multipart upload).
        struct Attachment: Encodable {
            var id: Int
            var filename: String
            /// The alt text (`messages.trend_alt`), at most 1024 characters.
            var description: String?
        }
        var content: String
        var username: String?
        var allowedMentions = Mentions()
        var attachments: [Attachment]?
        /// The forum post to create (`thread_name`), on the first post only.
        var threadName: String?
        /// 4 (SUPPRESS_EMBEDS), plus 4096 (SUPPRESS_NOTIFICATIONS) in quiet hours.
        var flags: Int?

        enum CodingKeys: String, CodingKey {
            case content, username, allowedMentions = "allowed_mentions", attachments, threadName = "thread_name", flags
        }
    }

    package func send(_ text: String, of post: Post) async throws {
        try await postMessage(text, of: post, over: http)
    }

    /// Claims (`beforeRequest`) after the wait for the webhook's rate-limit bucket, right before the request.
    package func send(_ text: String, of post: Post, beforeRequest: @escaping @Sendable () async throws -> Void) async throws {
        try await postMessage(text, of: post, over: http, beforeRequest: beforeRequest)
    }

    /// Posts `text` for `post` over `client`, into the sink's thread (creating the forum post of
    /// `thread_name` if it has none yet); returns the (2xx) answer. `beforeRequest` runs after the
    /// wait for the rate-limit bucket, right before each request.
    @discardableResult
    func postMessage(
        _ text: String, of post: Post, over client: HTTPSinkClient, beforeRequest: @escaping @Sendable () async throws -> Void = {}
    ) async throws -> HTTPResponse {
        try await sendInThread { target in
            try await waitForBucket()
            try await beforeRequest()
            sends.record(.message)
            let message = Message(content: text, username: settings.username, threadName: target.newThreadName, flags: flags(for: post))
            return try await client.postJSON(url(for: target), body: HTTPSinkClient.encode(message))
        }
    }

    /// 4 (SUPPRESS_EMBEDS: a link in a post never unfurls), plus 4096 (SUPPRESS_NOTIFICATIONS)
    /// when `post` falls in `quiet_hours`.
    func flags(for post: Post) -> Int? {
        context.isQuiet(post, settings.quietHours) ? 4 | 4096 : 4
    }

    /// Counts a 4xx answer against Discord's limit on invalid requests, then checks it as `check` does.
    func checked(_ response: HTTPResponse) async throws {
        await invalid.note(response.status)
        try check(response)
    }

    /// Waits as long as the last answer's rate-limit headers asked. Discord's buckets reset within
    /// seconds; a longer wait is left to the worker, which gives up past delivery.max_retry_after
    /// instead of holding the sink back for it.
    func waitForBucket() async throws {
        try invalid.check()
        if let wait = bucket.takeWait() {
            guard wait <= Self.longestBucketWait else {
                throw SinkError(.rateLimited(retryAfter: wait), "Discord asked to wait \(DurationText.format(wait)) (X-RateLimit-Reset-After)")
            }
            try await clock.sleep(for: wait)
        }
    }

    /// The webhook URL with `wait=true`, so Discord answers once the message exists, and the
    /// thread posted into, if any.
    func url(for target: ThreadTarget) -> String {
        let base = settings.webhookURL.value + (settings.webhookURL.value.contains("?") ? "&" : "?") + "wait=true"
        return target.threadID.map { base + "&thread_id=\($0)" } ?? base
    }

    /// Notes the rate-limit headers; returns for a 2xx answer, throws the `SinkError` any other means.
    func check(_ response: HTTPResponse) throws {
        if response.header("X-RateLimit-Remaining") == "0", let reset = HTTPSinkClient.secondsHeader("X-RateLimit-Reset-After", of: response) {
            bucket.setWait(reset)
        }
        if (200..<300).contains(response.status) { return }
        let json = HTTPSinkClient.jsonObject(response)
        let detail = http.redact(json?["message"]?.text ?? String(decoding: response.body.prefix(200), as: UTF8.self))
        switch response.status {
        case 429:
            let wait = json?["retry_after"]?.seconds ?? HTTPSinkClient.retryAfterHeader(response) ?? .seconds(1)
            throw SinkError(.rateLimited(retryAfter: wait), "Discord rate limit: \(detail)")
        case 404:
            throw SinkError(
                .chatLost(reason: "not_found"),
                "Discord has no such webhook or thread (HTTP 404: \(detail)); create a new webhook and update webhook_url_env or webhook_url_file, or check thread_id"
            )
        case 401:
            throw SinkError(.chatLost(reason: "unauthorized"), "Discord refused the webhook (HTTP 401: \(detail)); check the webhook URL")
        case 403:
            throw SinkError(.permanent, "Discord refused the webhook (HTTP \(response.status): \(detail)); check the webhook URL")
        case 400 where json?["code"] == .integer(220001) || detail.contains("thread_name or thread_id"):
            throw SinkError(
                .permanent,
                "the webhook posts to a forum channel, which takes posts only in a thread (HTTP 400: \(detail)); set thread_name (a forum post the bot creates) or thread_id (an existing thread) on sink \(settings.name)"
            )
        case 400:
            throw SinkError(.permanent, "Discord rejected the message (HTTP 400: \(detail)); check the template")
        case 500...:
            throw SinkError(.transient, "Discord answered HTTP \(response.status): \(detail)")
        default:
            throw SinkError(.transient, "Discord answered HTTP \(response.status): \(detail)")
        }
    }
}

import Synchronization

/// The wait Discord's rate-limit headers ask for before the next request.
final class RateLimitBucket: Sendable {
    private let wait = Mutex<Duration?>(nil)
    func setWait(_ duration: Duration) { wait.withLock { $0 = duration } }
    func takeWait() -> Duration? {
        wait.withLock { value in
            defer { value = nil }
            return value
        }
    }
}

import CurlHTTP

/// Posts to a Discord channel through a webhook, honouring Discord's `X-RateLimit-*` headers
/// and 429 answers. Messages over 2000 characters are split. Mentions in posts never ping anyone.
public struct DiscordSink: MessageSink {
    /// The sink's name.
    public let name: String
    /// Discord Markdown.
    public let format = MessageFormat.markdown
    /// Discord's limit on a message's content.
    public let maxLength: Int? = 2000
    private let settings: DiscordSinkSettings
    private let http: HTTPSinkClient
    private let clock: any Clock<Duration>
    private let bucket = RateLimitBucket()
    /// The longest wait for a rate-limit bucket the sink sleeps through by itself.
    static let longestBucketWait: Duration = .seconds(60)

    /// A sink for `settings`.
    public init(settings: DiscordSinkSettings, transport: any HTTPTransport, timeout: Duration = .seconds(10), clock: any Clock<Duration>) {
        self.name = settings.name
        self.settings = settings
        self.http = HTTPSinkClient(transport: transport, timeout: timeout, secrets: HTTPSinkClient.secretParts(ofURL: settings.webhookURL.value))
        self.clock = clock
    }

    struct Message: Encodable {
        struct Mentions: Encodable { var parse: [String] = [] }
        var content: String
        var username: String?
        var allowedMentions = Mentions()

        enum CodingKeys: String, CodingKey {
            case content, username, allowedMentions = "allowed_mentions"
        }
    }

    public func send(_ text: String, of post: Post) async throws {
        if let wait = bucket.takeWait() {
            // Discord's buckets reset within seconds; a longer wait is left to the worker, which
            // gives up past delivery.max_retry_after instead of holding the sink back for it.
            guard wait <= Self.longestBucketWait else {
                throw SinkError(.rateLimited(retryAfter: wait), "Discord asked to wait \(DurationText.format(wait)) (X-RateLimit-Reset-After)")
            }
            try await clock.sleep(for: wait)
        }
        let separator = settings.webhookURL.value.contains("?") ? "&" : "?"
        let response = try await http.postJSON(
            settings.webhookURL.value + separator + "wait=true", body: HTTPSinkClient.encode(Message(content: text, username: settings.username))
        )
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
            throw SinkError(.gone, "the Discord webhook no longer exists (HTTP 404); create a new one and update webhook_url_env or webhook_url_file")
        case 401, 403:
            throw SinkError(.permanent, "Discord refused the webhook (HTTP \(response.status): \(detail)); check the webhook URL")
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

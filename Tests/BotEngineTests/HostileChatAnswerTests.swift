// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotSupport
import CurlHTTP
import Testing

/// What a broken or hostile chat API can answer (issue 19): numbers out of any range in headers and
/// JSON, and error bodies that echo a secret. Nothing traps; waits stay in range; secrets stay out.
@Suite struct HostileChatAnswerTests {
    static let post = Post(locale: "en", draw: Fixtures.draw(1), colorNames: ["red"], text: "draw 1", postedAtMillis: 0)
    static let webhookToken = "Zq3bT0kenNotReal_abcdefghijklmnopqrstuvwxyz0123456789-ABCDEFGHIJ"

    static func rateLimit(_ sink: any MessageSink) async -> Duration? {
        do {
            try await sink.send(post.text, of: post)
        } catch let error as SinkError {
            if case .rateLimited(let wait) = error.kind { return wait }
        } catch {}
        return nil
    }

    static func webhook(_ transport: CannedTransport) -> WebhookSink {
        WebhookSink(settings: WebhookSinkSettings(name: "webhook", url: Secret("http://127.0.0.1:1/hook")), transport: transport)
    }

    static func discord(_ transport: CannedTransport, clock: VirtualClock = VirtualClock()) -> DiscordSink {
        DiscordSink(
            settings: DiscordSinkSettings(name: "discord", webhookURL: Secret("http://127.0.0.1:1/api/webhooks/987/\(webhookToken)")),
            transport: transport, clock: clock)
    }

    static func telegram(_ transport: CannedTransport) -> TelegramSink {
        TelegramSink(settings: TelegramSinkSettings(name: "telegram", token: Secret("1:tok"), chatID: "@c"), transport: transport) { _ in }
    }

    /// A webhook receiver answering 429 with `Retry-After: inf` or `1e300` crashed the bot (SIGILL).
    @Test(arguments: ["inf", "1e300", "Infinity", "99999999999999999999"])
    func aHugeRetryAfterHeaderIsTheLongestWait(_ value: String) async {
        let wait = await Self.rateLimit(Self.webhook(CannedTransport(status: 429, headers: [("Retry-After", value)])))
        #expect(wait == .longest)
    }

    @Test(arguments: ["nan", "-1", "-inf", "Wed, 21 Oct 2026 07:28:00 GMT", "", "0x"])
    func aRetryAfterHeaderThatIsNoWaitIsTheDefaultSecond(_ value: String) async {
        let wait = await Self.rateLimit(Self.webhook(CannedTransport(status: 429, headers: [("Retry-After", value)])))
        #expect(wait == .seconds(1))
    }

    @Test(arguments: ["1e300", "9223372036854775807", "1.7976931348623157e308"])
    func aHugeJSONRetryAfterIsTheLongestWait(_ number: String) async {
        let telegram = CannedTransport(status: 429, body: #"{"ok":false,"parameters":{"retry_after":\#(number)}}"#)
        #expect(await Self.rateLimit(Self.telegram(telegram)) == .longest)
        let discord = CannedTransport(status: 429, body: #"{"message":"slow down","retry_after":\#(number)}"#)
        #expect(await Self.rateLimit(Self.discord(discord)) == .longest)
    }

    @Test func aNegativeJSONRetryAfterIsNoWait() async {
        let telegram = CannedTransport(status: 429, body: #"{"ok":false,"parameters":{"retry_after":-9223372036854775808}}"#)
        #expect(await Self.rateLimit(Self.telegram(telegram)) == .seconds(1))
    }

    /// A Discord 204 with an empty bucket that resets after 1e300 s crashed the bot; now the next
    /// post is handed back to the worker as a rate limit (which gives up past
    /// `delivery.max_retry_after`) instead of the sink sleeping for it, and the one after goes out.
    @Test func aHugeDiscordBucketResetIsNotSleptThrough() async throws {
        let clock = VirtualClock()
        let transport = CannedTransport(status: 204, headers: [("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset-After", "1e300")])
        let sink = Self.discord(transport, clock: clock)
        try await sink.send(Self.post.text, of: Self.post)
        #expect(await Self.rateLimit(sink) == .longest)
        #expect(clock.sleeps.isEmpty)
        #expect(transport.requestCount == 1)
    }

    @Test func aShortDiscordBucketResetIsSleptThrough() async throws {
        let clock = VirtualClock()
        let transport = CannedTransport(status: 204, headers: [("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset-After", "2.25")])
        let sink = Self.discord(transport, clock: clock)
        try await sink.send(Self.post.text, of: Self.post)
        try await sink.send(Self.post.text, of: Self.post)
        #expect(clock.sleeps == [.milliseconds(2250)])
    }

    /// Discord's error body echoed the webhook's path with its token, which reached the log.
    @Test(arguments: [
        #"{"message":"404: Not Found, path was /api/webhooks/987/\#(webhookToken)?wait=true","code":0}"#,
        #"{"message":"bad token \#(webhookToken)"}"#,
    ])
    func discordErrorsNeverHoldTheWebhookToken(_ body: String) async throws {
        for status in [400, 401, 403, 500, 429] {
            let error = await #expect(throws: SinkError.self) {
                try await Self.discord(CannedTransport(status: status, body: body)).send(Self.post.text, of: Self.post)
            }
            let message = error?.message ?? ""
            #expect(!message.contains(Self.webhookToken), "HTTP \(status): \(message)")
            if status != 404 { #expect(message.contains("***"), "HTTP \(status): \(message)") }
        }
    }

    /// Made-up answers, every pair of pieces that a hostile API could send and a third chosen
    /// from them, through all three sinks: none traps, puts a secret in an error or asks for a
    /// wait out of range.
    @Test func noAnswerMakesASinkTrapLeakOrWaitOutOfRange() async {
        let pieces = [
            "429\n", "200\n", "204\n", "404\n", "Retry-After: ", "X-RateLimit-Remaining: 0\n", "X-RateLimit-Reset-After: ", "inf", "nan",
            "1e300", "-1", "9223372036854775807", "-9223372036854775808", "0.5", "\n", "\n\n", #"{"retry_after":"#, #"{"parameters":{"retry_after":"#,
            "}", "}}", #""message":"#, #""/api/webhooks/987/"#, "\"", "\r\n", "é", "\u{0}",
        ]
        for (i, first) in pieces.enumerated() {
            for (j, second) in pieces.enumerated() {
                let input = first + second + pieces[(i * 7 + j * 3) % pieces.count] + pieces[(i + j * 5) % pieces.count]
                for case .broken(let why) in await FuzzEntryPoints.chat(Array(input.utf8)) {
                    Issue.record("\(input.debugDescription): \(why)")
                }
            }
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotLocalization
import BotSupport
import CurlHTTP
import Foundation
import Logging
import Testing

/// The chat sinks against fake Telegram, Discord and webhook servers over loopback, with real
/// HTTP; waits go through a virtual clock, so `retry_after` is checked without waiting for it.
@Suite struct SinkTests {
    static let token = "123456:TEST-token-not-real"

    func telegram(_ server: FakeChatServer, chat: String = "@channel", clock: VirtualClock) -> TelegramSink {
        let limiter = SlidingWindowLimiter(clock: clock)
        return TelegramSink(
            settings: TelegramSinkSettings(name: "telegram", token: Secret(Self.token), chatID: chat, apiBaseURL: server.baseURL),
            transport: CurlHTTPClient(), timeout: .seconds(60)
        ) { try await limiter.acquire($0) }
    }

    func discord(_ server: FakeChatServer, clock: VirtualClock) -> DiscordSink {
        DiscordSink(
            settings: DiscordSinkSettings(name: "discord", webhookURL: Secret("\(server.baseURL)/api/webhooks/42/secret-hook"), username: "RedGreen"),
            transport: CurlHTTPClient(), timeout: .seconds(60), clock: clock
        )
    }

    var telegramPath: String { "/bot\(Self.token)/sendMessage" }
    let discordPath = "/api/webhooks/42/secret-hook"

    /// A locale `t` whose result message is `template`.
    func bundle(_ template: String) throws -> LocaleBundle {
        let yaml = "name: T\nlog_prefix: \"[T]\"\ncolors:\n  red: R\n  green: G\n  violet: V\nmessages:\n  result: \"\(template)\"\n"
        return try LocaleBundle.parse(yaml: yaml, file: "t.yaml", code: "t")
    }

    /// A poster of the locale `template` makes (`bundle(_:)`) to `sinks`, on `clock`.
    func poster(_ template: String, sinks: [any MessageSink], clock: VirtualClock, logs: LogRecorder? = nil) throws -> DrawPoster {
        try TestBot().with {
            $0.bundle = try bundle(template)
            $0.parts.sinks = sinks
            $0.parts.clock = clock
            if let logs { $0.logger = logs.logger(label: "[T]") }
        }.poster()
    }

    /// Posts `draws` through a poster with `sinks` and waits until they are delivered.
    func post(_ draws: [Draw], template: String = "<b>{{value}}</b> {{colors}}", sinks: [any MessageSink], clock: VirtualClock) async throws {
        let poster = try poster(template, sinks: sinks, clock: clock)
        try await withRunningPosters([poster]) {
            for draw in draws { await poster.offer([draw]) }
            await poster.idle()
        }
    }

    @Test func telegramGetsHTMLWithValuesEscapedAndTheTemplateMarkupKept() async throws {
        let server = try await FakeChatServer.start()
        let clock = VirtualClock()
        try await post([Draw(issue: 7, value: "<b>&_", colors: ["Red"])], sinks: [telegram(server, clock: clock)], clock: clock)
        let request = try #require(server.requests(telegramPath).first)
        #expect(request.text == "<b>&lt;b&gt;&amp;_</b> R")
        #expect(request.json?["parse_mode"] as? String == "HTML")
        #expect(request.json?["chat_id"] as? String == "@channel")
        await server.stop()
    }

    @Test func discordGetsMarkdownWithValuesEscapedAndNoPings() async throws {
        let server = try await FakeChatServer.start()
        let clock = VirtualClock()
        try await post(
            [Draw(issue: 7, value: "a_b*c", colors: ["Red"])], template: "**{{value}}**", sinks: [discord(server, clock: clock)], clock: clock)
        let request = try #require(server.requests(discordPath).first)
        #expect(request.text == "**a\\_b\\*c**")
        #expect(request.json?["username"] as? String == "RedGreen")
        #expect((request.json?["allowed_mentions"] as? [String: Any])?["parse"] as? [Any] != nil)
        await server.stop()
    }

    @Test func longMessagesAreSplitOnLineBoundariesInOrder() async throws {
        let server = try await FakeChatServer.start()
        let clock = VirtualClock()
        let value = (1...400).map { "line \($0) of a long result" }.joined(separator: "\n")
        try await post(
            [Draw(issue: 1, value: value, colors: ["Red"])], template: "{{value}}",
            sinks: [telegram(server, clock: clock), discord(server, clock: clock)], clock: clock)
        let telegramParts = server.requests(telegramPath).compactMap(\.text)
        let discordParts = server.requests(discordPath).compactMap(\.text)
        #expect(value.count > 4096)
        #expect(telegramParts.count >= 2 && telegramParts.allSatisfy { $0.count <= 4096 })
        #expect(discordParts.count > telegramParts.count && discordParts.allSatisfy { $0.count <= 2000 })
        #expect(telegramParts.joined(separator: "\n") == value)
        #expect(discordParts.joined(separator: "\n") == value)
        await server.stop()
    }

    @Test func telegram429IsRetriedAfterRetryAfter() async throws {
        let server = try await FakeChatServer.start()
        server.script(
            telegramPath,
            [
                .status(429, body: #"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 3","parameters":{"retry_after":3}}"#)
            ])
        let clock = VirtualClock()
        try await post([Fixtures.draw(1)], sinks: [telegram(server, chat: "12345", clock: clock)], clock: clock)
        #expect(server.requests(telegramPath).count == 2)
        #expect(clock.sleeps.contains(.seconds(3)))
        await server.stop()
    }

    @Test func discord429AndRateLimitHeadersAreHonoured() async throws {
        let server = try await FakeChatServer.start()
        server.script(
            discordPath,
            [
                .status(429, body: #"{"message":"You are being rate limited.","retry_after":1.5,"global":false}"#),
                .status(200, body: "{}", headers: ["X-RateLimit-Remaining": "0", "X-RateLimit-Reset-After": "2.25"]),
            ])
        let clock = VirtualClock()
        try await post([Fixtures.draw(1), Fixtures.draw(2)], sinks: [discord(server, clock: clock)], clock: clock)
        #expect(server.requests(discordPath).count == 3)
        #expect(clock.sleeps.contains(.milliseconds(1500)))
        #expect(clock.sleeps.contains(.milliseconds(2250)))
        await server.stop()
    }

    @Test(arguments: [
        (400, "Bad Request: chat not found", SinkError.Kind.chatLost(reason: "chat_not_found")),
        (401, "Unauthorized", .chatLost(reason: "unauthorized")),
        (403, "Forbidden: bot was kicked from the channel chat", .chatLost(reason: "forbidden")),
        (400, "Bad Request: can't parse entities", .permanent),
    ])
    func telegramRefusalsAreNotRetried(status: Int, description: String, kind: SinkError.Kind) async throws {
        let server = try await FakeChatServer.start()
        server.script(telegramPath, [.status(status, body: #"{"ok":false,"error_code":\#(status),"description":"\#(description)"}"#)])
        let clock = VirtualClock()
        let sink = telegram(server, clock: clock)
        let error = await #expect(throws: SinkError.self) {
            try await sink.send("x", of: Post(locale: "t", draw: Fixtures.draw(1), colorNames: [], text: "x", postedAtMillis: 0))
        }
        #expect(error?.kind == kind)
        #expect(error?.message.contains(Self.token) == false)
        #expect(error?.message.contains(status == 401 ? "token" : "chat") == true)
        #expect(server.requests(telegramPath).count == 1)
        await server.stop()
    }

    @Test func aDeletedDiscordWebhookStopsTheSinkUntilItAnswersAgain() async throws {
        let server = try await FakeChatServer.start()
        server.script(discordPath, [.status(404, body: #"{"message":"Unknown Webhook","code":10015}"#)])
        let clock = VirtualClock()
        try await post([Fixtures.draw(1), Fixtures.draw(2), Fixtures.draw(3)], sinks: [discord(server, clock: clock)], clock: clock)
        // Refused once, tried again after delivery.lost_chat_retry, then every draw went out in order.
        let texts = server.requests(discordPath).compactMap(\.text)
        #expect(texts.count == 4 && texts[0] == texts[1] && Set(texts).count == 3, "\(texts)")
        #expect(clock.sleeps.contains(DeliverySettings().lostChatRetry))
        await server.stop()
    }

    @Test func serverErrorsAreRetriedWithBackoff() async throws {
        let server = try await FakeChatServer.start()
        server.script(telegramPath, [.status(502, body: "bad gateway"), .status(500, body: "{}")])
        let clock = VirtualClock()
        try await post([Fixtures.draw(1)], sinks: [telegram(server, chat: "1", clock: clock)], clock: clock)
        #expect(server.requests(telegramPath).count == 3)
        #expect(clock.sleeps.filter { $0 >= .milliseconds(500) }.count >= 2)
        await server.stop()
    }

    @Test func webhookPostsTheJSONRecordSignedWithHMAC() async throws {
        let server = try await FakeChatServer.start()
        let clock = VirtualClock()
        let sink = WebhookSink(
            settings: WebhookSinkSettings(name: "hook", url: Secret("\(server.baseURL)/hook"), signingSecret: Secret("shh")),
            transport: CurlHTTPClient(), timeout: .seconds(60)
        )
        try await post([Fixtures.draw(9)], sinks: [sink], clock: clock)
        let request = try #require(server.requests("/hook").first)
        let record = try JSONDecoder().decode(PostRecord.self, from: Data(request.body))
        #expect(record.issue == 9)
        #expect(record.locale == "t")
        #expect(request.headers["x-redgreen-signature"] == WebhookSink.signature(body: request.body, secret: "shh"))
        // The well-known HMAC-SHA256 test vector, so the signature is the standard one.
        #expect(
            WebhookSink.signature(body: Array("The quick brown fox jumps over the lazy dog".utf8), secret: "key")
                == "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"
        )
        await server.stop()
    }

    @Test func aStuckSinkDoesNotDelayAnother() async throws {
        let server = try await FakeChatServer.start()
        server.script(telegramPath, [.slow(.seconds(5))])
        let clock = VirtualClock()
        let poster = try poster("{{value}}", sinks: [telegram(server, chat: "1", clock: clock), discord(server, clock: clock)], clock: clock)
        let discordPath = self.discordPath
        let telegramPath = self.telegramPath
        try await withRunningPosters([poster]) {
            await poster.offer([Fixtures.draw(1)])
            await poster.offer([Fixtures.draw(2)])
            // Discord gets both draws while Telegram still holds the first request open.
            let deadline = ContinuousClock.now + .seconds(60)
            while server.requests(discordPath).count < 2 && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(server.requests(discordPath).count == 2)
            #expect(server.requests(telegramPath).count <= 1, "Telegram is still held on its first request")
        }
        await server.stop()
    }
}

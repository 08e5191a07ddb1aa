// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotLocalization
import BotStore
import BotSupport
import CairoCanvas
import CurlHTTP
import Foundation
import Logging
import Testing

/// The trend picture posted by the chat sinks to the fake Telegram, Discord and webhook servers
/// over loopback: a valid multipart upload (or JSON) with the locale's caption and a PNG that
/// decodes, once per draw and sink, never in the way of the messages.
@Suite struct TrendSinkTests {
    static let token = "123456:TEST-token-not-real"
    var trend: TrendSettings {
        var settings = TrendSettings()
        settings.every = 5
        settings.draws = 20
        return settings
    }

    /// A Telegram sink with `trend:`, its requests timing out after `timeout`.
    func telegram(_ server: FakeChatServer, clock: VirtualClock, timeout: Duration = .seconds(60)) -> TelegramSink {
        let limiter = SlidingWindowLimiter(clock: clock)
        var settings = TelegramSinkSettings(name: "telegram", token: Secret(Self.token), chatID: "@channel", apiBaseURL: server.baseURL)
        settings.trend = trend
        return TelegramSink(settings: settings, transport: CurlHTTPClient(), pictureTransport: CurlHTTPClient(), timeout: timeout) {
            try await limiter.acquire($0)
        }
    }

    func discord(_ server: FakeChatServer, clock: VirtualClock) -> DiscordSink {
        var settings = DiscordSinkSettings(name: "discord", webhookURL: Secret("\(server.baseURL)/api/webhooks/42/secret-hook"))
        settings.trend = trend
        return DiscordSink(settings: settings, transport: CurlHTTPClient(), pictureTransport: CurlHTTPClient(), timeout: .seconds(60), clock: clock)
    }

    func webhook(_ server: FakeChatServer) -> WebhookSink {
        var settings = WebhookSinkSettings(name: "hook", url: Secret("\(server.baseURL)/hook"), signingSecret: Secret("shh"))
        settings.trend = trend
        return WebhookSink(settings: settings, transport: CurlHTTPClient(), pictureTransport: CurlHTTPClient(), timeout: .seconds(60))
    }

    func bundle() throws -> LocaleBundle {
        let yaml = """
            name: T
            log_prefix: "[T]"
            colors: {red: "R<", green: G, violet: V}
            messages:
              result: "{{issue}}"
              trend: "<b>{{draws}}</b> draws {{first_issue}}–{{last_issue}}: {{counts}}; now {{current_color}} ×{{current_count}}, longest {{longest_color}} ×{{longest_count}}"

            """
        return try LocaleBundle.parse(yaml: yaml, file: "t.yaml", code: "t")
    }

    /// Draws 1 to `count`: red, except every third green.
    func draws(_ count: Int) -> [Draw] {
        (1...Int64(count)).map { Draw(issue: $0, value: String($0 % 10), colors: [$0 % 3 == 0 ? "Green" : "Red"]) }
    }

    /// A poster of `bundle()` to `sinks` on `clock`, changed by `change`.
    func poster(_ sinks: [any MessageSink], clock: VirtualClock, _ change: (inout TestBot) -> Void = { _ in }) throws -> DrawPoster {
        try TestBot().with {
            $0.bundle = try bundle()
            $0.parts.sinks = sinks
            $0.parts.clock = clock
            change(&$0)
        }.poster()
    }

    /// Offers the draws one by one through a poster with `sinks` (the feed carrying the last 3) and waits for delivery.
    func post(_ draws: [Draw], sinks: [any MessageSink], ledger: any DeliveryLedger = InMemoryDeliveryLedger(), clock: VirtualClock) async throws {
        let poster = try poster(sinks, clock: clock) { $0.parts.ledger = ledger }
        try await withRunningPosters([poster]) {
            for index in draws.indices { await poster.offer(Array(draws[max(0, index - 2)...index])) }
            await poster.idle()
        }
    }

    func expectPNG(_ bytes: [UInt8], shows count: Int) throws {
        let image = try PNGImage(decoding: bytes)
        let layout = TrendLayout(TrendStats(draws(count), limit: trend.draws), settings: trend)
        #expect(image.width == layout.width && image.height == layout.height)
        let newest = try #require(layout.beads.last)
        #expect(newest.draw.issue == Int64(count))
        let pixel = image.pixel(x: Int(newest.x - layout.radius * 0.75), y: Int(newest.y - layout.radius * 0.1))
        let expected = trend.color(named: newest.draw.colors[0])
        #expect(abs(pixel.red - expected.red) < 0.04 && abs(pixel.green - expected.green) < 0.04)
    }

    @Test func telegramGetsSendPhotoAsMultipartWithTheCaptionEveryFifthDraw() async throws {
        let server = try await FakeChatServer.start()
        let clock = VirtualClock()
        try await post(draws(10), sinks: [telegram(server, clock: clock)], clock: clock)
        #expect(server.requests("/bot\(Self.token)/sendMessage").count == 10)
        let photos = server.requests("/bot\(Self.token)/sendPhoto")
        #expect(photos.count == 2)
        let form = try #require(
            photos.last?.form, "not a valid multipart body: \(String(decoding: photos.last?.body.prefix(300) ?? [], as: UTF8.self))")
        #expect(form["chat_id"]?.text == "@channel")
        #expect(form["parse_mode"]?.text == "HTML")
        #expect(form["caption"]?.text == "<b>10</b> draws 1–10: R&lt; 7, G 3; now R&lt; ×1, longest R&lt; ×2")
        let photo = try #require(form["photo"])
        #expect(photo.contentType == "image/png" && photo.fileName == "trend-10.png")
        try expectPNG(photo.body, shows: 10)
        await server.stop()
    }

    @Test func discordGetsTheFileAttachedWithTheCaptionAsContent() async throws {
        let server = try await FakeChatServer.start()
        let clock = VirtualClock()
        try await post(draws(5), sinks: [discord(server, clock: clock)], clock: clock)
        let requests = server.requests("/api/webhooks/42/secret-hook")
        #expect(requests.count == 6)
        let form = try #require(requests.compactMap(\.form).first)
        let payload = try #require(form["payload_json"])
        #expect(payload.contentType == "application/json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(payload.body)) as? [String: Any])
        #expect(json["content"] as? String == #"<b>5</b> draws 1–5: R\< 4, G 1; now R\< ×2, longest R\< ×2"#)
        #expect((json["attachments"] as? [[String: Any]])?.first?["filename"] as? String == "trend-5.png")
        let file = try #require(form["files[0]"])
        #expect(file.contentType == "image/png" && file.fileName == "trend-5.png")
        try expectPNG(file.body, shows: 5)
        await server.stop()
    }

    @Test func theWebhookGetsASecondSignedPostWithThePNGInBase64() async throws {
        let server = try await FakeChatServer.start()
        let clock = VirtualClock()
        try await post(draws(5), sinks: [webhook(server)], clock: clock)
        let requests = server.requests("/hook")
        #expect(requests.count == 6)
        let picture = try #require(requests.first { $0.json?["kind"] as? String == "trend" })
        #expect(picture.headers["x-redgreen-signature"] == WebhookSink.signature(body: picture.body, secret: "shh"))
        #expect(picture.json?["issue"] as? Int == 5)
        #expect((picture.json?["caption"] as? String)?.hasPrefix("<b>5</b> draws 1–5") == true)
        let png = try #require((picture.json?["png_base64"] as? String).flatMap { Data(base64Encoded: $0) })
        try expectPNG(Array(png), shows: 5)
        await server.stop()
    }

    @Test func aPictureThatFailsNeverHoldsBackTheMessages() async throws {
        let server = try await FakeChatServer.start()
        let clock = VirtualClock()
        server.script("/bot\(Self.token)/sendPhoto", [.status(400, body: #"{"ok":false,"description":"Bad Request: PHOTO_INVALID_DIMENSIONS"}"#)])
        try await post(draws(7), sinks: [telegram(server, clock: clock)], clock: clock)
        #expect(server.requests("/bot\(Self.token)/sendMessage").count == 7)
        #expect(server.requests("/bot\(Self.token)/sendPhoto").count == 1)
        await server.stop()
    }

    @Test func aPictureThatHangsNeverHoldsBackTheMessages() async throws {
        let server = try await FakeChatServer.start()
        let clock = VirtualClock()
        // The upload of draw 5's picture hangs until the test lets it go.
        server.script("/bot\(Self.token)/sendPhoto", [.held])
        // A held upload that timed out would be sent again: a timeout no loaded machine reaches.
        let poster = try poster([telegram(server, clock: clock, timeout: .seconds(600))], clock: clock)
        try await withRunningPosters([poster]) {
            let all = draws(8)
            for index in all.indices { await poster.offer(Array(all[max(0, index - 2)...index])) }
            let deadline = ContinuousClock.now + .seconds(60)
            while server.requests("/bot\(Self.token)/sendMessage").count < 8 && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(server.requests("/bot\(Self.token)/sendMessage").count == 8, "draws 6 to 8 waited for the picture")
            #expect(server.requests("/bot\(Self.token)/sendPhoto").count == 1)
            server.release()
            await poster.idle()
        }
        await server.stop()
    }

    @Test func aPictureIsPostedOncePerDrawAndSinkThroughTheLedger() async throws {
        let server = try await FakeChatServer.start()
        let clock = VirtualClock()
        let ledger = InMemoryDeliveryLedger()
        // Two runs of the same bot (a restart) sharing the ledger; the second has a new sink with no
        // record, so it posts draws 1 to 5 again: Telegram's messages and picture are in the ledger and skipped.
        try await post(draws(5), sinks: [telegram(server, clock: clock)], ledger: ledger, clock: clock)
        let added = RecordingSink(name: "added")
        try await post(draws(5), sinks: [telegram(server, clock: clock), added], ledger: ledger, clock: clock)
        #expect(added.issues == [1, 2, 3, 4, 5])
        #expect(server.requests("/bot\(Self.token)/sendMessage").count == 5)
        #expect(server.requests("/bot\(Self.token)/sendPhoto").count == 1)
        #expect(try await ledger.claim(LedgerKey(locale: "t", sink: "telegram.trend", issue: 5), ttl: .seconds(60)) == .alreadySent)
        await server.stop()
    }
}

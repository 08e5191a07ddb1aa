// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotLocalization
import BotSupport
import CurlHTTP
import Foundation
import Logging
import Testing

/// What the chat sinks send beyond the text, against the fake Telegram and Discord servers over
/// loopback: no link previews, `protect_content`, `date_time` entities for the draw's time
/// (`telegram.time_entity`), and the trend picture's alt text.
@Suite struct SinkOptionsTests {
    static let token = SinkTests.token
    let sinks = SinkTests()

    func telegram(_ server: FakeChatServer, clock: VirtualClock, _ configure: (inout TelegramSinkSettings) -> Void = { _ in }) -> TelegramSink {
        let limiter = SlidingWindowLimiter(clock: clock)
        var settings = TelegramSinkSettings(name: "telegram", token: Secret(Self.token), chatID: "@channel", apiBaseURL: server.baseURL)
        configure(&settings)
        return TelegramSink(settings: settings, transport: CurlHTTPClient(), pictureTransport: CurlHTTPClient(), timeout: .seconds(60)) {
            try await limiter.acquire($0)
        }
    }

    @Test func resultsNeverUnfurlALinkAndProtectContentIsASinkOption() async throws {
        let server = try await FakeChatServer.start()
        let clock = VirtualClock()
        let plain = telegram(server, clock: clock)
        let protected = telegram(server, clock: clock) {
            $0.name = "protected"
            $0.protectContent = true
            $0.trend = TrendSettings()
            $0.trend?.every = 1
        }
        try await sinks.post(
            [Draw(issue: 7, value: "https://example.com", colors: ["Red"])], template: "{{value}}", sinks: [plain, protected], clock: clock)
        let messages = server.requests("/bot\(Self.token)/sendMessage")
        #expect(messages.count == 2)
        for message in messages {
            #expect((message.json?["link_preview_options"] as? [String: Any])?["is_disabled"] as? Bool == true, "\(message.json ?? [:])")
        }
        let protection = messages.map { $0.json?["protect_content"] as? Bool }
        #expect(protection.contains(nil) && protection.contains(true), "\(protection)")
        let photo = try #require(server.requests("/bot\(Self.token)/sendPhoto").first?.form)
        #expect(photo["protect_content"]?.text == "true")

        // Discord: SUPPRESS_EMBEDS (4) on every post.
        let hook = sinks.discord(server, clock: clock)
        try await sinks.post([Draw(issue: 8, value: "https://example.com", colors: ["Red"])], template: "{{value}}", sinks: [hook], clock: clock)
        #expect(server.requests(sinks.discordPath).map { $0.json?["flags"] as? Int } == [4])
        await server.stop()
    }

    @Test func telegramTimeEntitySendsTheTimeAndDateAsDateTimeEntitiesWithTheLocalesTextShown() async throws {
        let config = try BotConfig.parse(
            yaml: TrendConfigTestsBase.yaml
                + "  - type: telegram\n    token_env: TG\n    chat_id: \"@c\"\n  - type: console\ntelegram: {time_entity: true}\n",
            file: "Config/t.yaml", environment: ["TG": "1:a"])
        guard case .telegram(let parsed) = config.sinks[0] else { Issue.record("not a telegram sink"); return }
        #expect(parsed.timeEntity)

        let server = try await FakeChatServer.start()
        let clock = VirtualClock()
        // Within delivery.max_age of now, in whole seconds.
        let unix = Int64(Date().timeIntervalSince1970) - 60
        let time = Date(timeIntervalSince1970: Double(unix))
        let draw = Draw(issue: 9, value: "3", colors: ["Green"], time: time)
        let entity = telegram(server, clock: clock) { $0.timeEntity = true }
        let plainText = telegram(server, clock: clock) {
            $0.name = "plain"
            $0.chatID = "@other"
        }
        try await sinks.post([draw], template: "At {{time}} on {{date}}: {{value}}", sinks: [entity, plainText], clock: clock)
        let texts = Dictionary(
            uniqueKeysWithValues: server.requests("/bot\(Self.token)/sendMessage").compactMap { request in
                (request.json?["chat_id"] as? String).map { ($0, request.text ?? "") }
            })
        let shown = try #require(texts["@other"], "\(texts) \(server.requests("/bot\(Self.token)/sendMessage").map { $0.json ?? [:] })")
        #expect(!shown.contains("tg-time"))
        let sent = try #require(texts["@channel"])
        #expect(sent.contains(#"<tg-time unix="\#(unix)" format="t">"#) && sent.contains(#"<tg-time unix="\#(unix)" format="d">"#), "\(sent)")
        // Without the tags, the text a client that does not know the entity shows is the locale's.
        let stripped = sent.replacingOccurrences(of: #"<tg-time[^>]*>|</tg-time>"#, with: "", options: .regularExpression)
        #expect(stripped == shown, "\(sent)")
        await server.stop()
    }

    @Test func timeEntityNeedsTheHTMLParseMode() throws {
        let error = try #require(throws: FileError.self) {
            try BotConfig.parse(
                yaml: TrendConfigTestsBase.yaml
                    + "  - type: telegram\n    token_env: TG\n    chat_id: \"@c\"\n    parse_mode: none\ntelegram:\n  time_entity: true\n",
                file: "Config/t.yaml", environment: ["TG": "1:a"])
        }
        #expect(error.key == "telegram.time_entity" && error.message.contains("parse_mode"), "\(error)")
    }

    @Test func theTrendPictureCarriesItsAltTextInTheBotsLanguage() async throws {
        let yaml = """
            name: T
            log_prefix: "[T]"
            colors: {red: "R<", green: G, violet: V}
            messages:
              result: "{{issue}}"
              trend: "<b>{{draws}}</b>"
              trend_alt: "Picture of {{draws}} results: {{counts}}"

            """
        let bundle = try LocaleBundle.parse(yaml: yaml, file: "t.yaml", code: "t")
        let server = try await FakeChatServer.start()
        let clock = VirtualClock()
        let photo = telegram(server, clock: clock) {
            $0.trend = TrendSettings()
            $0.trend?.every = 2
        }
        var hookSettings = DiscordSinkSettings(name: "discord", webhookURL: Secret("\(server.baseURL)/api/webhooks/42/secret-hook"))
        hookSettings.trend = TrendSettings()
        hookSettings.trend?.every = 2
        let hook = DiscordSink(
            settings: hookSettings, transport: CurlHTTPClient(), pictureTransport: CurlHTTPClient(), timeout: .seconds(60), clock: clock)
        var webhookSettings = WebhookSinkSettings(name: "hook", url: Secret("\(server.baseURL)/hook"))
        webhookSettings.trend = TrendSettings()
        webhookSettings.trend?.every = 2
        let webhook = WebhookSink(settings: webhookSettings, transport: CurlHTTPClient(), pictureTransport: CurlHTTPClient(), timeout: .seconds(60))
        let poster = try TestBot().with {
            $0.bundle = bundle
            $0.parts.sinks = [photo, hook, webhook]
            $0.parts.clock = clock
        }.poster()
        try await withRunningPosters([poster]) {
            await poster.offer([Draw(issue: 1, value: "1", colors: ["Red"])])
            await poster.offer([Draw(issue: 1, value: "1", colors: ["Red"]), Draw(issue: 2, value: "2", colors: ["Green"])])
            await poster.idle()
        }
        let caption = try #require(server.requests("/bot\(Self.token)/sendPhoto").first?.form?["caption"]?.text)
        #expect(caption == "<b>2</b>\n\nPicture of 2 results: R&lt; 1, G 1", "\(caption)")
        let form = try #require(server.requests(sinks.discordPath).compactMap(\.form).first)
        let part = try #require(form["payload_json"])
        let payload = try #require(try JSONSerialization.jsonObject(with: Data(part.body)) as? [String: Any])
        let attachment = try #require((payload["attachments"] as? [[String: Any]])?.first)
        #expect(attachment["description"] as? String == "Picture of 2 results: R< 1, G 1", "\(attachment)")
        let record = try #require(server.requests("/hook").first { $0.json?["kind"] as? String == "trend" })
        #expect(record.json?["alt_text"] as? String == "Picture of 2 results: R< 1, G 1")
        await server.stop()
    }
}

/// The top of a reader's config, its `sinks:` list to follow.
enum TrendConfigTestsBase {
    static let yaml = "locale: vi\nrole: reader\nupstream:\n  url: http://127.0.0.1:8080/api/draws\nsinks:\n"
}

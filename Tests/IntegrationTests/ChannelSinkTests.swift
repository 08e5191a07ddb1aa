// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotSupport
import CurlHTTP
import Foundation
import Logging
import Testing

/// Where in a chat the sinks post and how, against the fake Telegram, Discord and webhook servers
/// over loopback: forum topics, threads and forum posts, quiet hours, a group that became a
/// supergroup, and the webhook's `Idempotency-Key`.
@Suite struct ChannelSinkTests {
    static let token = SinkTests.token
    let telegramPath = "/bot\(SinkTests.token)/sendMessage"
    let photoPath = "/bot\(SinkTests.token)/sendPhoto"
    let discordPath = "/api/webhooks/42/secret-hook"
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47]

    func telegram(
        _ server: FakeChatServer, chat: String = "-1001", context: SinkContext = .standalone(),
        _ configure: (inout TelegramSinkSettings) -> Void = { _ in }
    )
        -> TelegramSink
    {
        var settings = TelegramSinkSettings(name: "telegram", token: Secret(Self.token), chatID: chat, apiBaseURL: server.baseURL)
        configure(&settings)
        let limiter = SlidingWindowLimiter(clock: VirtualClock())
        return TelegramSink(settings: settings, transport: CurlHTTPClient(), timeout: .seconds(60), context: context) { try await limiter.acquire($0) }
    }

    func discord(_ server: FakeChatServer, context: SinkContext = .standalone(), _ configure: (inout DiscordSinkSettings) -> Void = { _ in })
        -> DiscordSink
    {
        var settings = DiscordSinkSettings(name: "discord", webhookURL: Secret("\(server.baseURL)\(discordPath)"))
        configure(&settings)
        return DiscordSink(settings: settings, transport: CurlHTTPClient(), timeout: .seconds(60), clock: VirtualClock(), context: context)
    }

    func post(_ issue: Int64, at millis: Int64 = 0) -> Post {
        Post(locale: "vi", draw: Fixtures.draw(issue), colorNames: ["red"], text: "draw \(issue)", postedAtMillis: millis)
    }

    @Test func telegramPostsMessagesAndPicturesIntoItsForumTopic() async throws {
        let server = try await FakeChatServer.start()
        let sink = telegram(server) { $0.messageThreadID = 42 }
        try await sink.send("hi", of: post(1))
        try await sink.sendPicture(Self.png, caption: "trend", of: post(1))
        #expect(server.requests(telegramPath).first?.json?["message_thread_id"] as? Int == 42)
        #expect(server.requests(photoPath).first?.form?["message_thread_id"]?.text == "42")
        // Without the key, no topic is sent (the chat's general thread).
        try await telegram(server).send("plain", of: post(2))
        #expect(server.requests(telegramPath).last?.json?["message_thread_id"] == nil)
        await server.stop()
    }

    @Test func discordPostsIntoAnExistingThread() async throws {
        let server = try await FakeChatServer.start()
        let sink = discord(server) { $0.threadID = "777" }
        try await sink.send("hi", of: post(1))
        try await sink.sendPicture(Self.png, caption: "trend", of: post(1))
        let requests = server.requests(discordPath)
        #expect(requests.count == 2)
        #expect(requests.allSatisfy { $0.query == "wait=true&thread_id=777" }, "\(requests.map(\.query))")
        #expect(requests.allSatisfy { !String(decoding: $0.body, as: UTF8.self).contains("thread_name") })
        await server.stop()
    }

    @Test func discordCreatesTheForumPostOnceAndKeepsPostingIntoItAcrossARestart() async throws {
        let server = try await FakeChatServer.start()
        server.script(discordPath, [.status(200, body: #"{"id":"900","channel_id":"555"}"#)])
        let context = SinkContext.standalone()
        let sink = discord(server, context: context) { $0.threadName = "Results" }
        try await sink.send("first", of: post(1))
        try await sink.sendPicture(Self.png, caption: "trend", of: post(1))
        try await sink.send("second", of: post(2))
        // A restarted bot with the same state store (Redis) posts into the thread it created.
        try await discord(server, context: context) { $0.threadName = "Results" }.send("third", of: post(3))
        let requests = server.requests(discordPath)
        #expect(requests.count == 4)
        #expect(requests[0].json?["thread_name"] as? String == "Results")
        #expect(requests[0].query == "wait=true")
        #expect(requests.dropFirst().allSatisfy { $0.query == "wait=true&thread_id=555" }, "\(requests.map(\.query))")
        #expect(requests.dropFirst().allSatisfy { !String(decoding: $0.body, as: UTF8.self).contains("thread_name") })
        // A renamed thread_name is a new forum post.
        try await discord(server, context: context) { $0.threadName = "Results 2" }.send("fourth", of: post(4))
        #expect(server.requests(discordPath).last?.json?["thread_name"] as? String == "Results 2")
        await server.stop()
    }

    @Test func aDeletedForumPostIsCreatedAnew() async throws {
        let server = try await FakeChatServer.start()
        server.script(
            discordPath,
            [
                .status(200, body: #"{"id":"900","channel_id":"555"}"#), .status(404, body: #"{"message":"Unknown Channel","code":10003}"#),
                .status(200, body: #"{"id":"901","channel_id":"556"}"#),
            ])
        let sink = discord(server) { $0.threadName = "Results" }
        for issue in Int64(1)...3 { try await sink.send("draw \(issue)", of: post(issue)) }
        let requests = server.requests(discordPath)
        #expect(requests.map(\.query) == ["wait=true", "wait=true&thread_id=555", "wait=true", "wait=true&thread_id=556"])
        #expect(requests.map(\.text) == ["draw 1", "draw 2", "draw 2", "draw 3"])
        #expect(requests[2].json?["thread_name"] as? String == "Results")
        await server.stop()
    }

    @Test func aForumChannelWithoutAThreadSaysWhichKeyToSet() async throws {
        let server = try await FakeChatServer.start()
        server.script(
            discordPath, [.status(400, body: #"{"message":"Webhooks posted to forum channels must have a thread_name or thread_id","code":220001}"#)])
        let error = await #expect(throws: SinkError.self) { try await discord(server).send("hi", of: post(1)) }
        #expect(error?.kind == .permanent)
        #expect(error?.message.contains("set thread_name") == true && error?.message.contains("thread_id") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("secret-hook") == false)
        await server.stop()
    }

    @Test func postsInQuietHoursGoOutSilentlyOnEverySink() async throws {
        let server = try await FakeChatServer.start()
        let quiet = QuietHours(fromMinute: 23 * 60, toMinute: 7 * 60)
        var context = SinkContext.standalone()
        context.timeZone = TimeZone(identifier: "Asia/Tokyo")!
        // 15:00 UTC is 00:00 in Tokyo (quiet); 23:00 UTC is 08:00 (not).
        let night: Int64 = 1_780_326_000_000  // 2026-06-01T15:00:00Z
        let day: Int64 = 1_780_354_800_000  // 2026-06-01T23:00:00Z
        let telegram = telegram(server, context: context) { $0.quietHours = quiet }
        let discord = discord(server, context: context) { $0.quietHours = quiet }
        var hookSettings = WebhookSinkSettings(name: "hook", url: Secret("\(server.baseURL)/hook"))
        hookSettings.quietHours = quiet
        let hook = WebhookSink(settings: hookSettings, transport: CurlHTTPClient(), timeout: .seconds(60), context: context)
        for time in [night, day] {
            try await telegram.send("x", of: post(1, at: time))
            try await telegram.sendPicture(Self.png, caption: "", of: post(1, at: time))
            try await discord.send("x", of: post(1, at: time))
            try await hook.send("x", of: post(1, at: time))
        }
        #expect(server.requests(telegramPath).map { $0.json?["disable_notification"] as? Bool } == [true, false])
        #expect(server.requests(photoPath).map { $0.form?["disable_notification"]?.text } == ["true", nil])
        #expect(server.requests(discordPath).map { $0.json?["flags"] as? Int } == [4096 | 4, 4])
        #expect(server.requests("/hook").map { $0.json?["silent"] as? Bool } == [true, false])
        await server.stop()
    }

    @Test func aGroupThatBecameASupergroupIsFollowedAtOnceAndRememberedOnce() async throws {
        let server = try await FakeChatServer.start()
        server.script(
            telegramPath,
            [
                .status(
                    400,
                    body:
                        #"{"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":-1009876}}"#
                )
            ])
        let recorder = LogRecorder()
        var context = SinkContext.standalone()
        context.logger = recorder.logger(label: "[VI]")
        let sink = telegram(server, chat: "-4242", context: context)
        try await sink.send("one", of: post(1))
        try await sink.send("two", of: post(2))
        #expect(server.requests(telegramPath).map { $0.json?["chat_id"] as? Int } == [-4242, -1009876, -1009876])
        #expect(server.requests(telegramPath).map(\.text) == ["one", "one", "two"])
        let notices = recorder.entries.filter { $0.message.contains("-1009876") }
        #expect(notices.count == 1, "\(recorder.entries)")
        #expect(notices.first?.level == .warning)
        #expect(notices.first?.message.contains("Sink telegram") == true && notices.first?.message.contains("set chat_id") == true)
        // A restarted bot (same state store) posts to the new chat straight away, and says so once.
        let restarted = telegram(server, chat: "-4242", context: context)
        try await restarted.send("three", of: post(3))
        try await restarted.send("four", of: post(4))
        #expect(server.requests(telegramPath).suffix(2).map { $0.json?["chat_id"] as? Int } == [-1009876, -1009876])
        #expect(recorder.entries.filter { $0.message.contains("-1009876") }.count == 2)
        await server.stop()
    }

    @Test func webhookPostsCarryAnIdempotencyKeyAndThePictureADistinctOne() async throws {
        let server = try await FakeChatServer.start()
        var context = SinkContext.standalone()
        context.game = "RG1M"
        let hook = WebhookSink(
            settings: WebhookSinkSettings(name: "hook", url: Secret("\(server.baseURL)/hook")), transport: CurlHTTPClient(), timeout: .seconds(60), context: context)
        try await hook.send("x", of: post(9))
        try await hook.send("x", of: post(9))
        try await hook.sendPicture(Self.png, caption: "c", of: post(9))
        let keys = server.requests("/hook").map { $0.headers["idempotency-key"] }
        #expect(keys == ["vi:RG1M:hook:9", "vi:RG1M:hook:9", "vi:RG1M:hook:9:trend"])
        #expect(server.requests("/hook").first?.json?["silent"] == nil, "no silent field without quiet_hours")
        await server.stop()
    }

    @Test func aBotRemovedFromItsChatStopsThatSinkOnlyAndResumesWhenReAdded() async throws {
        let server = try await FakeChatServer.start()
        let forbidden = FakeChatServer.Answer.status(
            403, body: #"{"ok":false,"error_code":403,"description":"Forbidden: bot was kicked from the supergroup chat"}"#)
        server.script(telegramPath, [forbidden, forbidden])
        let clock = VirtualClock()
        let recorder = LogRecorder()
        let poster = try SinkTests().poster("{{value}}", sinks: [telegram(server), discord(server)], clock: clock, logs: recorder)
        try await withRunningPosters([poster]) {
            for issue in Int64(1)...3 { await poster.offer([Fixtures.draw(issue)]) }
            await poster.idle()
        }
        #expect(server.requests(discordPath).compactMap(\.text) == ["001", "002", "003"])
        // Refused, tried again after lost_chat_retry (refused), then again: through, and the rest in order.
        #expect(server.requests(telegramPath).compactMap(\.text) == ["001", "001", "001", "002", "003"])
        #expect(clock.sleeps.filter { $0 == DeliverySettings().lostChatRetry }.count == 2)
        let errors = recorder.entries.filter { $0.level == .error }
        #expect(errors.count == 1 && errors.first?.message.contains("Sink telegram stopped sending") == true, "\(errors)")
        #expect(errors.first?.message.contains("kicked") == true)
        #expect(recorder.entries.contains { $0.message.contains("Sink telegram posts again") })
        await server.stop()
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotStore
import BotSupport
import CurlHTTP
import Foundation
import Logging
import Testing

/// The live board where the sink's messages go (issue 16 part A with part B): a Telegram forum
/// topic, quiet hours and a migrated chat; a Discord thread and the forum post of `thread_name`;
/// and a lost chat, which stops the board's worker as it stops the sink's.
@Suite struct BoardChannelTests {
    static let token = BoardSinkTests.token
    let sendMessage = "/bot\(BoardChannelTests.token)/sendMessage"
    let editMessage = "/bot\(BoardChannelTests.token)/editMessageText"
    let hook = "/api/webhooks/42/thread-hook"

    func telegram(_ server: FakeChatServer, chat: String = "-100123", _ configure: (inout TelegramSinkSettings) -> Void = { _ in }) -> TelegramSink {
        var settings = TelegramSinkSettings(name: "telegram", token: Secret(Self.token), chatID: chat, apiBaseURL: server.baseURL)
        settings.board = BoardSettings(pin: true)
        configure(&settings)
        var context = SinkContext.standalone()
        context.timeZone = TimeZone(identifier: "Asia/Tokyo")!
        let limiter = SlidingWindowLimiter(clock: VirtualClock())
        return TelegramSink(settings: settings, transport: CurlHTTPClient(), pictureTransport: CurlHTTPClient(), timeout: .seconds(60), context: context) {
            try await limiter.acquire($0)
        }
    }

    func discord(_ server: FakeChatServer, _ configure: (inout DiscordSinkSettings) -> Void) -> DiscordSink {
        var settings = DiscordSinkSettings(name: "discord", webhookURL: Secret("\(server.baseURL)\(hook)"))
        settings.board = BoardSettings()
        configure(&settings)
        return DiscordSink(settings: settings, transport: CurlHTTPClient(), pictureTransport: CurlHTTPClient(), timeout: .seconds(60), clock: VirtualClock())
    }

    func post(_ issue: Int64, at millis: Int64 = 0) -> Post {
        Post(locale: "t", draw: Fixtures.draw(issue), colorNames: ["red"], text: "board \(issue)", postedAtMillis: millis)
    }

    @Test func aTelegramBoardGoesIntoTheTopicSilentlyInQuietHoursAndFollowsAMigratedChat() async throws {
        let server = try await FakeChatServer.start()
        let sink = telegram(server) {
            $0.messageThreadID = 42
            $0.quietHours = QuietHours(fromMinute: 23 * 60, toMinute: 7 * 60)
        }
        let board = BoardSink(sink, locale: "t", state: InMemorySinkStateStore(), logger: Logger(label: "t"))
        // 15:00 UTC is midnight in Tokyo: quiet.
        try await board.send("board 1", of: post(1, at: 1_780_326_000_000))
        let first = try #require(server.requests(sendMessage).first)
        #expect(first.json?["message_thread_id"] as? Int == 42)
        #expect(first.json?["disable_notification"] as? Bool == true)
        #expect(server.requests("/bot\(Self.token)/pinChatMessage").first?.json?["disable_notification"] as? Bool == true)
        // The group became a supergroup: the edit follows it to the new chat at once.
        server.script(
            editMessage,
            [
                .status(
                    400,
                    body:
                        #"{"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":-1009876}}"#
                )
            ])
        try await board.send("board 2", of: post(2))
        #expect(server.requests(editMessage).map { $0.json?["chat_id"] as? Int } == [-100123, -1009876])
        #expect(server.requests(sendMessage).count == 1, "edited, not posted anew")
        #expect(server.chat.text(server.chat.pinned[0]) == "board 2")
        await server.stop()
    }

    @Test func aDiscordBoardInAThreadPostsAndPatchesThere() async throws {
        let server = try await FakeChatServer.start()
        let store = InMemorySinkStateStore()
        let board = BoardSink(discord(server) { $0.threadID = "777" }, locale: "t", state: store, logger: Logger(label: "t"))
        try await board.send("board 1", of: post(1))
        try await board.send("board 2", of: post(2))
        #expect(server.requests(hook).map(\.query) == ["wait=true&thread_id=777"])
        let id = try #require(try await store.value(of: .board(locale: "t", sink: "discord")))
        let patches = server.requests("\(hook)/messages/\(id)")
        #expect(patches.map(\.method) == ["PATCH"] && patches.map(\.query) == ["thread_id=777"], "\(patches.map(\.query))")
        #expect(server.chat.text(Int(id)!) == "board 2")
        await server.stop()
    }

    @Test func aDiscordBoardOnAForumPostSinkGoesIntoTheThreadTheSinkCreated() async throws {
        let server = try await FakeChatServer.start()
        server.script(hook, [.status(200, body: #"{"id":"900","channel_id":"555"}"#)])
        let sink = discord(server) { $0.threadName = "Results" }
        try await sink.send("draw 1", of: post(1))
        let store = InMemorySinkStateStore()
        let board = BoardSink(sink, locale: "t", state: store, logger: Logger(label: "t"))
        try await board.send("board 1", of: post(1))
        try await board.send("board 2", of: post(2))
        let requests = server.requests(hook)
        #expect(requests.map(\.query) == ["wait=true", "wait=true&thread_id=555"], "the board is posted into the forum post")
        #expect(requests.last?.json?["thread_name"] == nil)
        let id = try #require(try await store.value(of: .board(locale: "t", sink: "discord")))
        let patches = server.requests("\(hook)/messages/\(id)")
        #expect(patches.map(\.method) == ["PATCH"] && patches.map(\.query) == ["thread_id=555"], "\(patches.map(\.query))")
        #expect(server.chat.text(Int(id)!) == "board 2")
        await server.stop()
    }

    @Test func aLostChatStopsTheBoardsWorkerWhichShowsTheNewestBoardOnceTheChatWorks() async throws {
        let server = try await FakeChatServer.start()
        let forbidden = FakeChatServer.Answer.status(
            403, body: #"{"ok":false,"error_code":403,"description":"Forbidden: bot was kicked from the supergroup chat"}"#)
        let clock = VirtualClock()
        let recorder = LogRecorder()
        let poster = try BoardSinkTests().poster([telegram(server)]) {
            $0.parts.clock = clock
            $0.logger = recorder.logger(label: "[T]")
        }
        let draws = BoardSinkTests().draws(1...4)
        try await withRunningPosters([poster]) {
            await poster.offer([draws[0]])
            await poster.idle()
            // The edits are refused (the chat's messages are not: they go first, on their own worker).
            server.script(editMessage, [forbidden, forbidden])
            for draw in draws.dropFirst() { await poster.offer([draw]) }
            await poster.idle()
        }
        let edits = server.requests(editMessage)
        #expect(edits.count <= 5, "no spinning: \(edits.count) edits")
        #expect(edits.last?.text?.hasPrefix("<b>4</b>") == true, "\(edits.compactMap(\.text))")
        #expect(clock.sleeps.filter { $0 == DeliverySettings().lostChatRetry }.count == 2)
        let errors = recorder.entries.filter { $0.level == .error }
        #expect(errors.count == 1 && errors.first?.message.contains("Sink telegram.board stopped sending") == true, "\(errors)")
        #expect(recorder.entries.contains { $0.message.contains("Sink telegram.board posts again") })
        let messages = server.requests(sendMessage).compactMap(\.text).filter { !$0.hasPrefix("<b>") }
        #expect(messages.count == 4, "every draw's message: \(messages)")
        await server.stop()
    }
}

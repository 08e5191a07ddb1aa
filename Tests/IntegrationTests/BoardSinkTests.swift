// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotLocalization
import BotStore
import BotSupport
import CurlHTTP
import Foundation
import Logging
import RedisClient
import TestHarness
import Testing

/// The live board against the fake Telegram and Discord servers over loopback: posted (and pinned)
/// once, edited in place after every draw, posted anew when deleted in the chat, "not modified"
/// taken as done, one board for two bots of one locale, never in the way of the messages.
@Suite struct BoardSinkTests {
    static let token = "123456:BOARD-token-not-real"
    var sendMessage: String { "/bot\(Self.token)/sendMessage" }

    /// A Telegram sink with a board, its requests timing out after `timeout`.
    func telegram(_ server: FakeChatServer, pin: Bool = true, timeout: Duration = .seconds(60)) -> TelegramSink {
        let limiter = SlidingWindowLimiter(clock: VirtualClock())
        var settings = TelegramSinkSettings(name: "telegram", token: Secret(Self.token), chatID: "-100123", apiBaseURL: server.baseURL)
        settings.board = BoardSettings(pin: pin)
        return TelegramSink(settings: settings, transport: CurlHTTPClient(), pictureTransport: CurlHTTPClient(), timeout: timeout) {
            try await limiter.acquire($0)
        }
    }

    func discord(_ server: FakeChatServer) -> DiscordSink {
        var settings = DiscordSinkSettings(name: "discord", webhookURL: Secret("\(server.baseURL)/api/webhooks/42/board-hook-secret"))
        settings.board = BoardSettings()
        return DiscordSink(settings: settings, transport: CurlHTTPClient(), timeout: .seconds(60), clock: VirtualClock())
    }

    func bundle() throws -> LocaleBundle {
        let yaml = """
            name: T
            log_prefix: "[T]"
            colors: {red: "R<", green: G, violet: V}
            color_symbols: {red: r, green: g}
            messages:
              result: "{{issue}}"
              board: "<b>{{issue}}</b> {{history}} · {{counts}} · {{current_color}} ×{{current_count}}"

            """
        return try LocaleBundle.parse(yaml: yaml, file: "t.yaml", code: "t")
    }

    /// Draws `range`: red, except every third green.
    func draws(_ range: ClosedRange<Int64>) -> [Draw] {
        range.map { Draw(issue: $0, value: String($0 % 10), colors: [$0 % 3 == 0 ? "Green" : "Red"]) }
    }

    /// A poster of `bundle()` to `sinks` on a virtual clock, changed by `change`.
    func poster(_ sinks: [any MessageSink], _ change: (inout TestBot) -> Void = { _ in }) throws -> DrawPoster {
        try TestBot().with {
            $0.bundle = try bundle()
            $0.parts.sinks = sinks
            $0.parts.clock = VirtualClock()
            change(&$0)
        }.poster()
    }

    func poster(_ sinks: [any MessageSink], ledger: any DeliveryLedger, boards: any SinkStateStore) throws -> DrawPoster {
        try poster(sinks) {
            $0.parts.ledger = ledger
            $0.sinkState = boards
        }
    }

    /// Offers `draws` one by one to `posters` (each feed carrying the last 3) and waits for every delivery.
    func post(_ draws: [Draw], to posters: [DrawPoster]) async throws {
        try await withRunningPosters(posters) {
            // One bot after the other: a twin finds the draw's ledger entries sent, as in a fleet.
            for index in draws.indices {
                for poster in posters {
                    await poster.offer(Array(draws[max(0, index - 2)...index]))
                    await poster.idle()
                }
            }
        }
    }

    func boardPosts(_ server: FakeChatServer) -> [FakeChatServer.Request] {
        server.requests(sendMessage).filter { $0.text?.hasPrefix("<b>") == true }
    }

    @Test func telegramPostsAndPinsTheBoardOnceThenEditsItAfterEveryDraw() async throws {
        let server = try await FakeChatServer.start()
        let boards = InMemorySinkStateStore()
        try await post(draws(1...4), to: [try poster([telegram(server)], ledger: InMemoryDeliveryLedger(), boards: boards)])
        #expect(server.requests(sendMessage).count == 5, "4 messages and 1 board")
        let board = try #require(boardPosts(server).first)
        #expect(board.text == "<b>1</b> r · R&lt; 1 · R&lt; ×1")
        #expect(board.json?["parse_mode"] as? String == "HTML")
        let id = try #require(try await boards.value(of: .board(locale: "t", sink: "telegram")).flatMap { Int($0) })
        #expect(server.chat.pinned == [id])
        let pin = try #require(server.requests("/bot\(Self.token)/pinChatMessage").first)
        #expect(pin.json?["disable_notification"] as? Bool == true && pin.json?["message_id"] as? Int == id)
        #expect(server.requests("/bot\(Self.token)/editMessageText").count == 3)
        #expect(server.chat.text(id) == "<b>4</b> rrgr · R&lt; 3, G 1 · R&lt; ×1")
        await server.stop()
    }

    @Test func aDeletedBoardIsPostedAndPinnedAnewAndAnUnchangedOneIsNoError() async throws {
        let server = try await FakeChatServer.start()
        let boards = InMemorySinkStateStore()
        let ledger = InMemoryDeliveryLedger()
        try await post(draws(1...2), to: [try poster([telegram(server)], ledger: ledger, boards: boards)])
        let first = try #require(try await boards.value(of: .board(locale: "t", sink: "telegram")).flatMap { Int($0) })
        server.chat.delete(first)
        try await post(draws(3...3), to: [try poster([telegram(server)], ledger: ledger, boards: boards)])
        let second = try #require(try await boards.value(of: .board(locale: "t", sink: "telegram")).flatMap { Int($0) })
        #expect(second != first)
        #expect(server.chat.pinned == [first, second])
        #expect(boardPosts(server).count == 2)
        #expect(server.chat.text(second)?.hasPrefix("<b>3</b>") == true)

        // The same text again: Telegram answers "message is not modified", which is the board as it should be.
        let sink = BoardSink(telegram(server), locale: "t", state: boards, logger: Logger(label: "t"))
        let post = Post(locale: "t", draw: draws(3...3)[0], colorNames: ["green"], text: server.chat.text(second)!, postedAtMillis: 0)
        try await sink.send(post.text, of: post)
        #expect(boardPosts(server).count == 2)
        await server.stop()
    }

    @Test func twoBotsOfOneLocaleKeepOneBoard() async throws {
        let server = try await FakeChatServer.start()
        let ledger = InMemoryDeliveryLedger()
        let boards = InMemorySinkStateStore()
        let twins = [try poster([telegram(server)], ledger: ledger, boards: boards), try poster([telegram(server)], ledger: ledger, boards: boards)]
        try await post(draws(1...3), to: twins)
        #expect(boardPosts(server).count == 1)
        #expect(server.requests("/bot\(Self.token)/editMessageText").count == 2)
        #expect(server.requests(sendMessage).count == 4, "each draw once, and one board")
        await server.stop()
    }

    /// A fleet upgraded while running: the board id an earlier release kept under
    /// `redgreen:board:…` moves into the sink state once, and the next draws edit that message.
    @Test func anEarlierReleasesBoardIdIsMovedOnceAndTheNextDrawsEditThatBoard() async throws {
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let server = try await FakeChatServer.start()
        let ledger = InMemoryDeliveryLedger()
        let earlierRun = InMemorySinkStateStore()
        try await post(draws(1...2), to: [try poster([telegram(server)], ledger: ledger, boards: earlierRun)])
        let id = try #require(try await earlierRun.value(of: .board(locale: "t", sink: "telegram")))
        let client = RedisClient(configuration: RedisConfiguration(endpoint: try RedisEndpoint(url: redis.url)), logger: Logger(label: "t"))
        let keys = RedisKeys()
        let earlierKey = "redgreen:board:t:RG5M:telegram"  // as earlier releases wrote it
        #expect(keys.earlierBoard(locale: "t", sink: "telegram") == earlierKey)
        _ = try await client.send(["SET", earlierKey, id])

        let state = RedisSinkStateStore(client: client, keys: keys)
        try await post(draws(3...3), to: [try poster([telegram(server)], ledger: ledger, boards: state)])
        #expect(try await client.send(["EXISTS", earlierKey]).int == 0, "the earlier key is deleted")
        #expect(try await client.send(["GET", keys.sinkState(locale: "t", sink: "telegram", field: "board")]).string == id)
        try await post(draws(4...4), to: [try poster([telegram(server)], ledger: ledger, boards: state)])
        #expect(boardPosts(server).count == 1, "no second board")
        #expect(server.requests("/bot\(Self.token)/editMessageText").count == 3)
        #expect(server.chat.text(Int(id)!)?.hasPrefix("<b>4</b>") == true)
        await server.stop()
    }

    @Test func discordPostsTheBoardWithWaitThenPatchesItAndPostsAnewWhenItIsGone() async throws {
        let server = try await FakeChatServer.start()
        let boards = InMemorySinkStateStore()
        let ledger = InMemoryDeliveryLedger()
        let hook = "/api/webhooks/42/board-hook-secret"
        try await post(draws(1...3), to: [try poster([discord(server)], ledger: ledger, boards: boards)])
        let first = try #require(try await boards.value(of: .board(locale: "t", sink: "discord")).flatMap { Int($0) })
        #expect(server.requests(hook).count == 4, "3 messages and 1 board")
        let patches = server.requests("\(hook)/messages/\(first)")
        #expect(patches.count == 2 && patches.allSatisfy { $0.method == "PATCH" })
        #expect(server.chat.text(first) == #"<b>3</b> rrg · R\< 2, G 1 · G ×1"#)
        server.chat.delete(first)
        try await post(draws(4...4), to: [try poster([discord(server)], ledger: ledger, boards: boards)])
        let second = try #require(try await boards.value(of: .board(locale: "t", sink: "discord")).flatMap { Int($0) })
        #expect(second != first)
        #expect(server.chat.text(second)?.hasPrefix("<b>4</b>") == true)
        #expect(server.chat.pinned.isEmpty)
        await server.stop()
    }

    @Test func aBoardThatHangsNeverHoldsBackTheMessages() async throws {
        let server = try await FakeChatServer.start()
        server.script("/bot\(Self.token)/pinChatMessage", [.held])
        // Requests that would wait out the test's deadline: only the board's own client waits for the pin.
        let poster = try poster([telegram(server, timeout: .seconds(600))], ledger: InMemoryDeliveryLedger(), boards: InMemorySinkStateStore())
        try await withRunningPosters([poster]) {
            let all = draws(1...5)
            for index in all.indices { await poster.offer(Array(all[max(0, index - 2)...index])) }
            let deadline = ContinuousClock.now + .seconds(60)
            while server.requests(sendMessage).count < 6 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            #expect(server.requests(sendMessage).count == 6, "draws 2 to 5 waited for the board")
            server.release()
            await poster.idle()
        }
        await server.stop()
    }
}

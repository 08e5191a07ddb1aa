// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotStore
import BotSupport
import CurlHTTP
import Foundation
import Logging
import RedisClient
import TestHarness
import Testing

/// The chats' limits at run time, against the fake Telegram and Discord servers over loopback:
/// a board edit over the chat's budget is skipped (never a result), and Discord's invalid
/// requests, counted by every process in Redis under the reader ACL, stop the Discord sinks past
/// the threshold, saying why in the log and `/readyz`.
@Suite(.serialized) struct ChatLimitTests {
    static let token = "123456:LIMIT-token-not-real"

    @Test func aBoardEditOverTheChatsBudgetIsSkippedAndEveryResultIsPosted() async throws {
        let server = try await FakeChatServer.start()
        // Every request at one wall-clock moment: all in one minute of the chat's budget (20, a channel).
        var context = SinkContext.standalone()
        context.wallClock = ManualWallClock()
        let limiter = SlidingWindowLimiter(clock: VirtualClock())
        var settings = TelegramSinkSettings(name: "telegram", token: Secret(Self.token), chatID: "-100123", apiBaseURL: server.baseURL)
        settings.board = BoardSettings(pin: false)
        let sink = TelegramSink(
            settings: settings, transport: CurlHTTPClient(), pictureTransport: CurlHTTPClient(), timeout: .seconds(60), context: context
        ) { try await limiter.acquire($0) }
        let boards = BoardSinkTests()
        let draws = boards.draws(1...15)
        let poster = try boards.poster([sink])
        try await boards.post(draws, to: [poster])

        let messages = server.requests("/bot\(Self.token)/sendMessage").compactMap(\.text)
        let results = messages.filter { !$0.hasPrefix("<b>") }
        #expect(results == (1...15).map { String($0) }, "every result is posted: \(results)")
        let edits = server.requests("/bot\(Self.token)/editMessageText")
        // Once the minute holds 19 requests (a result, the board's post and edits, about draw 10), the later edits are skipped.
        #expect(!edits.isEmpty && edits.count < 14, "\(edits.count) edits")
        #expect(messages.count - results.count == 1, "one board post")
        await server.stop()
    }

    /// A Discord sink of "another process": its own guard, the fleet's count in `store`.
    func discord(_ server: FakeChatServer, store: any SinkStateStore, name: String, threshold: Int) -> DiscordSink {
        var context = SinkContext.standalone()
        context.state = store
        let settings = DiscordSinkSettings(name: name, webhookURL: Secret("\(server.baseURL)/api/webhooks/42/\(name)-secret"))
        return DiscordSink(
            settings: settings, transport: CurlHTTPClient(), timeout: .seconds(60), clock: VirtualClock(), context: context,
            invalidRequestThreshold: threshold)
    }

    func post(_ issue: Int64) -> Post {
        Post(locale: "vi", draw: Draw(issue: issue, value: "1", colors: ["Red"]), colorNames: ["red"], text: "draw \(issue)", postedAtMillis: 0)
    }

    @Test func discordsInvalidRequestsAreCountedByTheFleetAndStopItsSinksPastTheThreshold() async throws {
        let redis = try RedisServerProcess.start(extraArguments: ["--aclfile", try RedisACLTests.aclFile()])
        defer { redis.stop() }
        func store(_ user: String) throws -> RedisSinkStateStore {
            let client = RedisClient(
                configuration: RedisConfiguration(endpoint: try RedisEndpoint(url: RedisACLTests.url(user, port: redis.port))),
                logger: Logger(label: "t"))
            return RedisSinkStateStore(client: client, keys: RedisKeys())
        }
        let server = try await FakeChatServer.start()
        let refusal = FakeChatServer.Answer.status(400, body: #"{"message":"Invalid Form Body","code":50035}"#)
        server.script("/api/webhooks/42/one-secret", [refusal, refusal])
        server.script("/api/webhooks/42/two-secret", [refusal])
        // Two processes of two locales, each with its reader's login.
        let one = discord(server, store: try store("redgreen-reader-vi"), name: "one", threshold: 3)
        let two = discord(server, store: try store("redgreen-reader-ja"), name: "two", threshold: 3)
        for issue: Int64 in [1, 2] {
            await #expect(throws: SinkError.self) { try await one.send("draw \(issue)", of: post(issue)) }
        }
        // The third refusal of the fleet, in the other process: past the threshold of 3.
        await #expect(throws: SinkError.self) { try await two.send("draw 3", of: post(3)) }
        let admin = RedisClient(
            configuration: RedisConfiguration(endpoint: try RedisEndpoint(url: RedisACLTests.url("redgreen-writer", port: redis.port))),
            logger: Logger(label: "t"))
        let window = SystemWallClock().nowMillis() / 600_000
        #expect(try await admin.send(["GET", RedisKeys.discordInvalidRequests(window: window)]).int == 3)

        // The sink that saw it stops sending: nothing more reaches Discord, and the worker says why.
        let sent = server.requests("/api/webhooks/42/two-secret").count
        let monitor = BotMonitor(locale: "ja", role: .reader, readinessWindow: .seconds(30), wallClock: ManualWallClock(millis: 0))
        monitor.record(.freshRead)
        let logs = LogRecorder()
        var delivery = DeliverySettings()
        delivery.lostChatRetry = .seconds(300)
        let worker = SinkWorker(
            sink: two, ledger: InMemoryDeliveryLedger(), settings: delivery, clock: VirtualClock(), wallClock: ManualWallClock(millis: 0),
            maxCatchUp: 10, logger: logs.logger(label: "t"), metrics: BotMetrics(locale: "ja"), monitor: monitor)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await worker.run() }
            worker.enqueue(post(4))
            let deadline = ContinuousClock.now + .seconds(60)
            while monitor.readiness().isReady && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
            let verdict = monitor.readiness()
            #expect(!verdict.isReady && verdict.reason.contains("invalid requests"), "\(verdict.reason)")
            #expect(!logs.entries(atLeast: .error, containing: "Discord bans the address at 10,000").isEmpty, "\(logs.entries)")
            group.cancelAll()
        }
        #expect(server.requests("/api/webhooks/42/two-secret").count == sent)
        await server.stop()
    }
}

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

/// What sinks learn from their chat API kept in Redis across restarts, under the reader ACL of
/// `deploy/redis/users.acl`: each reader writes its own locale's sink state only.
@Suite(.serialized) struct SinkStateRedisTests {
    func client(_ user: String, port: Int) throws -> RedisClient {
        RedisClient(
            configuration: RedisConfiguration(endpoint: try RedisEndpoint(url: RedisACLTests.url(user, port: port))), logger: Logger(label: "t"))
    }

    @Test func aReaderKeepsItsOwnSinkStateAndNoOtherLocales() async throws {
        let redis = try RedisServerProcess.start(extraArguments: ["--aclfile", try RedisACLTests.aclFile()])
        defer { redis.stop() }
        let store = RedisSinkStateStore(client: try client("redgreen-reader-vi", port: redis.port), keys: RedisKeys())
        let own = SinkStateKey(locale: "vi", sink: "telegram", field: "chat_id")
        try await store.setValue("-1\t-100", for: own)
        #expect(try await store.value(of: own) == "-1\t-100")
        let admin = try client("redgreen-writer", port: redis.port)
        #expect(try await admin.send(["GET", "redgreen:sink:vi:RG5M:telegram:chat_id"]).string == "-1\t-100")
        await #expect(throws: StoreError.self) { try await store.setValue("x", for: SinkStateKey(locale: "ja", sink: "telegram", field: "chat_id")) }
    }

    @Test func aMigratedChatAndACreatedForumPostAreRememberedAcrossARestart() async throws {
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let server = try await FakeChatServer.start()
        let telegramPath = "/bot\(SinkTests.token)/sendMessage"
        let discordPath = "/api/webhooks/42/secret-hook"
        server.script(
            telegramPath,
            [
                .status(
                    400,
                    body:
                        #"{"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded","parameters":{"migrate_to_chat_id":-1007}}"#
                )
            ])
        server.script(discordPath, [.status(200, body: #"{"id":"1","channel_id":"31337"}"#)])
        func run(_ text: String) async throws {
            // A fresh client, store and sinks: what a restarted bot has.
            let client = RedisClient(configuration: RedisConfiguration(endpoint: try RedisEndpoint(url: redis.url)), logger: Logger(label: "t"))
            let context = SinkContext(
                state: RedisSinkStateStore(client: client, keys: RedisKeys()), locale: "vi", game: "RG5M", logger: Logger(label: "t"),
                timeZone: TimeZone(identifier: "UTC")!)
            let post = Post(locale: "vi", draw: Fixtures.draw(1), colorNames: [], text: text, postedAtMillis: 0)
            let telegram = TelegramSinkSettings(name: "telegram", token: Secret(SinkTests.token), chatID: "-7", apiBaseURL: server.baseURL)
            let limiter = SlidingWindowLimiter(clock: VirtualClock())
            try await TelegramSink(settings: telegram, transport: CurlHTTPClient(), timeout: .seconds(60), context: context) { try await limiter.acquire($0) }.send(
                text, of: post)
            var discord = DiscordSinkSettings(name: "discord", webhookURL: Secret("\(server.baseURL)\(discordPath)"))
            discord.threadName = "Kết quả"
            try await DiscordSink(settings: discord, transport: CurlHTTPClient(), timeout: .seconds(60), clock: VirtualClock(), context: context).send(text, of: post)
        }
        try await run("first run")
        try await run("second run")
        #expect(server.requests(telegramPath).map { $0.json?["chat_id"] as? Int } == [-7, -1007, -1007])
        #expect(server.requests(discordPath).map(\.query) == ["wait=true", "wait=true&thread_id=31337"])
        await server.stop()
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotStore
import Foundation
import Logging
import RedisClient
import TestHarness
import Testing

/// What the shipped `deploy/redis/users.acl` lets a reader do for its chat sinks: keep its own
/// live boards' ids (not another locale's), and run the shared rate-limit script.
@Suite(.serialized) struct RedisACLChatTests {
    @Test func aReaderKeepsItsOwnBoardsAndSharesItsTokensLimits() async throws {
        let redis = try RedisServerProcess.start(extraArguments: ["--aclfile", try RedisACLTests.aclFile()])
        defer { redis.stop() }
        let reader = RedisClient(
            configuration: RedisConfiguration(endpoint: try RedisEndpoint(url: RedisACLTests.url("redgreen-reader-vi", port: redis.port))),
            logger: Logger(label: "t"))
        let boards = RedisSinkStateStore(client: reader, keys: RedisKeys())
        try await boards.setValue("77", for: .board(locale: "vi", sink: "telegram"))
        #expect(try await boards.value(of: .board(locale: "vi", sink: "telegram")) == "77")
        await #expect(throws: StoreError.self) { try await boards.setValue("78", for: .board(locale: "ja", sink: "telegram")) }
        // A board id an earlier release kept is moved into the sink state with the reader's own login.
        let earlier = RedisKeys().earlierBoard(locale: "vi", sink: "discord")
        _ = try await reader.send(["SET", earlier, "900"])
        #expect(try await boards.value(of: .board(locale: "vi", sink: "discord")) == "900")
        #expect(try await reader.send(["EXISTS", earlier]).int == 0)

        let logs = LogRecorder()
        let clock = VirtualClock()
        let local = SlidingWindowLimiter(clock: clock)
        let limiter = SharedRateLimiter(
            windows: RedisRateLimitWindows(client: reader), token: "1:acl", wallClock: ManualWallClock(), clock: clock, logger: logs.logger(label: "t")
        ) { try await local.acquire($0) }
        // One send a minute: Redis's clock counts, so a second send finds the rule full however slow
        // the machine (Telegram's one a second did not, once, under a loaded make test).
        let rules = [RateLimitRule(key: "bot", count: 1, window: .seconds(60))]
        #expect(try await limiter.tryAcquire(rules) == nil)
        let wait = try await limiter.tryAcquire(rules)
        #expect(wait != nil && wait! <= .seconds(60), "\(String(describing: wait))")
        // The script may take Redis's time (+time, issue 27): the send is stamped with it, not with
        // the limiter's wall clock (a manual one, in 2025).
        let key = RedisKeys.rateLimit(tokenHash: RedisKeys.tokenHash("1:acl"), rule: "bot")
        guard case .array(let sent) = try await reader.send(["ZRANGE", key, "0", "-1", "WITHSCORES"]), sent.count == 2,
            let score = sent[1].string.flatMap(Double.init)
        else { throw RedisError(.protocolError, "ZRANGE \(key)") }
        #expect(Int64(score) > ManualWallClock().nowMillis() + 86_400_000, "stamped \(score): the script did not get Redis's TIME")
        #expect(logs.entries(atLeast: .warning, containing: "keeping them in this process").isEmpty)
        await reader.disconnect()
    }
}

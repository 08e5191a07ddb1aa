import BotEngine
import BotEngineTesting
import Foundation
import Logging
import RedisClient
import TestHarness
import Testing

/// Telegram's limits kept in a real redis-server for every process sharing a bot token: two
/// limiters with clients of their own stand for two processes. Time is the limiters' injected
/// wall clock (a manual one), never real time.
@Suite struct SharedRateLimiterTests {
    static let token = "123456:SHARED-token-not-real"

    func client(_ redis: RedisServerProcess) throws -> RedisClient {
        RedisClient(
            configuration: RedisConfiguration(
                endpoint: try RedisEndpoint(url: redis.url), connectTimeout: .seconds(2), commandTimeout: .seconds(5),
                reconnectBackoffMin: .milliseconds(10), reconnectBackoffMax: .milliseconds(100)),
            logger: Logger(label: "t"))
    }

    func limiter(
        _ client: RedisClient, token: String = token, wallClock: ManualWallClock, clock: VirtualClock = VirtualClock(),
        logs: LogRecorder = LogRecorder()
    ) -> SharedRateLimiter {
        let local = SlidingWindowLimiter(clock: clock)
        return SharedRateLimiter(client: client, token: token, wallClock: wallClock, clock: clock, logger: logs.logger(label: "t")) {
            try await local.acquire($0)
        }
    }

    @Test func twoProcessesSharingATokenShareItsPerChatLimit() async throws {
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let time = ManualWallClock(millis: 1_750_000_000_000)
        let first = limiter(try client(redis), wallClock: time)
        let second = limiter(try client(redis), wallClock: time)
        let rules = TelegramSink.rules(chatID: "-100123")

        #expect(try await first.tryAcquire(rules) == nil)
        // The other process may not post to that chat within the second; a process of another token may.
        #expect(try await second.tryAcquire(rules) == .seconds(1))
        #expect(try await limiter(try client(redis), token: "654321:OTHER", wallClock: time).tryAcquire(rules) == nil)
        time.advance(by: .milliseconds(400))
        #expect(try await second.tryAcquire(rules) == .milliseconds(600))
        time.advance(by: .milliseconds(600))
        #expect(try await second.tryAcquire(rules) == nil)
        #expect(try await first.tryAcquire(rules) == .seconds(1))
    }

    @Test func thirtyMessagesASecondPerTokenAcrossProcessesAndTwentyAMinutePerGroup() async throws {
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let time = ManualWallClock(millis: 1_750_000_000_000)
        let processes = [limiter(try client(redis), wallClock: time), limiter(try client(redis), wallClock: time)]
        // 30 chats, 15 from each process, in one instant: the 31st message of the token waits the second out.
        for chat in 0..<30 { #expect(try await processes[chat % 2].tryAcquire(TelegramSink.rules(chatID: "\(chat + 1)")) == nil) }
        #expect(try await processes[0].tryAcquire(TelegramSink.rules(chatID: "31")) == .seconds(1))
        time.advance(by: .seconds(1))
        #expect(try await processes[1].tryAcquire(TelegramSink.rules(chatID: "31")) == nil)

        // A group: 20 a minute between both processes (a second apart, for the per-chat limit).
        let group = TelegramSink.rules(chatID: "@channel")
        for index in 0..<20 {
            time.advance(by: .seconds(1))
            #expect(try await processes[index % 2].tryAcquire(group) == nil)
        }
        time.advance(by: .seconds(1))
        #expect(try await processes[0].tryAcquire(group) == .seconds(40))
    }

    @Test func theKeysNameAHashOfTheTokenNeverTheToken() async throws {
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let client = try client(redis)
        _ = try await limiter(client, wallClock: ManualWallClock(millis: 1_750_000_000_000)).tryAcquire(TelegramSink.rules(chatID: "@channel"))
        guard case .array(let keys) = try await client.send(["KEYS", "*"]) else { Issue.record("no keys"); return }
        let names = keys.compactMap(\.string).sorted()
        let hash = RedisKeys.tokenHash(Self.token)
        #expect(names == ["bot", "chat:@channel", "group:@channel"].map { RedisKeys.rateLimit(tokenHash: hash, rule: $0) })
        #expect(names.allSatisfy { !$0.contains("SHARED-token") && !$0.contains("123456") })
        // The keys go a minute after their window.
        let ttl = try await client.send(["PTTL", RedisKeys.rateLimit(tokenHash: hash, rule: "group:@channel")]).int ?? -1
        #expect(ttl > 60_000 && ttl <= 120_000)
    }

    @Test func withRedisDownTheLimitsAreKeptInTheProcessAndTheSwitchIsLoggedOnce() async throws {
        let redis = try RedisServerProcess.start()
        let logs = LogRecorder()
        let clock = VirtualClock()
        let limiter = limiter(try client(redis), wallClock: ManualWallClock(millis: 1_750_000_000_000), clock: clock, logs: logs)
        let rules = TelegramSink.rules(chatID: "42")
        try await limiter.acquire(rules)
        redis.stop()
        // Nothing is lost: each send goes out, a second apart, as the process's own limiter says.
        try await limiter.acquire(rules)
        try await limiter.acquire(rules)
        #expect(clock.sleeps == [.seconds(1)])
        let switches = logs.entries(atLeast: .warning, containing: "keeping them in this process")
        #expect(switches.count == 1)
        #expect(switches.allSatisfy { !$0.message.contains(Self.token) && $0.message.contains(RedisKeys.tokenHash(Self.token)) })
    }
}

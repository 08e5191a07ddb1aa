// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotStore
import Foundation
import Logging
import RedisClient
import TestHarness
import Testing

/// Telegram's limits kept in a real redis-server for every process sharing a bot token: two
/// limiters with clients of their own stand for two processes. Time is Redis's (`TIME`, issue
/// 27); a test moves it on by stamping the sends in Redis earlier (`age`), never by sleeping.
/// The Telegram rules are used with windows 3600 times longer (`slow`: a second becomes an hour),
/// so that no assertion depends on how fast a loaded machine runs (a test stalled for a minute
/// or two still sits well inside each window): a wait is shortened by the real time that passed
/// (so only its upper bound is checked), never by a window.
@Suite struct SharedRateLimiterTests {
    static let token = "123456:SHARED-token-not-real"

    /// A client of `redis`; `patient` gives it generous timeouts, for a test that a loaded machine must
    /// not turn into one of Redis failing.
    func client(_ redis: RedisServerProcess, patient: Bool = false) throws -> RedisClient {
        RedisClient(
            configuration: RedisConfiguration(
                endpoint: try RedisEndpoint(url: redis.url), connectTimeout: .seconds(patient ? 60 : 2), commandTimeout: .seconds(patient ? 60 : 5),
                reconnectBackoffMin: .milliseconds(10), reconnectBackoffMax: .milliseconds(100)),
            logger: Logger(label: "t"))
    }

    func limiter(
        _ client: RedisClient, token: String = token, clock: VirtualClock = VirtualClock(), logs: LogRecorder = LogRecorder()
    ) -> SharedRateLimiter {
        let local = SlidingWindowLimiter(clock: clock)
        return limiter(client, token: token, clock: clock, logs: logs) { try await local.acquire($0) }
    }

    func limiter(
        _ client: RedisClient, token: String, clock: any Clock<Duration>, logs: LogRecorder,
        fallback: @escaping @Sendable ([RateLimitRule]) async throws -> Void
    ) -> SharedRateLimiter {
        // A wall clock a day behind: Redis's time is the one that counts, so it is never used.
        let wall = ManualWallClock(millis: Int64(Date().timeIntervalSince1970 * 1000) - 86_400_000)
        return SharedRateLimiter(windows: RedisRateLimitWindows(client: client), token: token, wallClock: wall, clock: clock, logger: logs.logger(label: "t"), fallback: fallback)
    }

    /// `rules` with windows 3600 times longer.
    func slow(_ rules: [RateLimitRule]) -> [RateLimitRule] {
        rules.map { RateLimitRule(key: $0.key, count: $0.count, window: $0.window * Self.scale) }
    }

    /// How much longer `slow` makes a window.
    static let scale = 3600

    /// Redis's time, in milliseconds.
    func redisMillis(_ client: RedisClient) async throws -> Int64 {
        guard case .array(let parts) = try await client.send(["TIME"]), parts.count == 2, let seconds = parts[0].int, let micros = parts[1].int
        else { throw RedisError(.protocolError, "TIME") }
        return seconds * 1000 + micros / 1000
    }

    /// Every send recorded in Redis, stamped `duration` earlier: as if that much time had passed.
    func age(_ client: RedisClient, by duration: Duration) async throws {
        guard case .array(let keys) = try await client.send(["KEYS", "*"]) else { return }
        for key in keys.compactMap(\.string) {
            guard case .array(let items) = try await client.send(["ZRANGE", key, "0", "-1", "WITHSCORES"]) else { continue }
            for pair in stride(from: 0, to: items.count - 1, by: 2) {
                guard let member = items[pair].string, let score = items[pair + 1].string.flatMap(Double.init) else { continue }
                _ = try await client.send(["ZADD", key, String(Int64(score) - duration.milliseconds), member])
            }
        }
    }

    @Test func twoProcessesSharingATokenShareItsPerChatLimit() async throws {
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let control = try client(redis)
        let first = limiter(try client(redis))
        let second = limiter(try client(redis))
        let rules = slow(TelegramSink.rules(chatID: "-100123"))

        #expect(try await first.tryAcquire(rules) == nil)
        // The other process may not post to that chat within the window; a process of another token may.
        let wait = try #require(try await second.tryAcquire(rules))
        #expect(wait <= .seconds(Self.scale), "\(wait)")
        #expect(try await limiter(try client(redis), token: "654321:OTHER").tryAcquire(rules) == nil)
        try await age(control, by: .seconds(Self.scale * 2 / 5))
        let later = try #require(try await second.tryAcquire(rules))
        #expect(later <= .seconds(Self.scale * 3 / 5), "\(later)")
        try await age(control, by: .seconds(Self.scale * 3 / 5))
        #expect(try await second.tryAcquire(rules) == nil)
        #expect(try await first.tryAcquire(rules) != nil)
    }

    @Test func thirtyMessagesAWindowPerTokenAcrossProcessesAndTwentyAWindowPerGroup() async throws {
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let control = try client(redis)
        let processes = [limiter(try client(redis)), limiter(try client(redis))]
        // 30 chats, 15 from each process, in one window: the 31st message of the token waits the window out.
        for chat in 0..<30 { #expect(try await processes[chat % 2].tryAcquire(slow(TelegramSink.rules(chatID: "\(chat + 1)"))) == nil) }
        #expect(try await processes[0].tryAcquire(slow(TelegramSink.rules(chatID: "31"))) != nil)
        try await age(control, by: .seconds(Self.scale))
        #expect(try await processes[1].tryAcquire(slow(TelegramSink.rules(chatID: "31"))) == nil)

        // A group: 20 a window between both processes (a chat window apart, for the per-chat limit).
        let group = slow(TelegramSink.rules(chatID: "@channel"))
        for index in 0..<20 {
            try await age(control, by: .seconds(Self.scale))
            #expect(try await processes[index % 2].tryAcquire(group) == nil)
        }
        try await age(control, by: .seconds(Self.scale))
        let wait = try #require(try await processes[0].tryAcquire(group))
        #expect(wait <= .seconds(40 * Self.scale), "\(wait)")
    }

    /// A process whose clock runs an hour ahead (an older bot stamped sends with its own clock)
    /// left 30 sends an hour in the future: they count as sent now, so the token waits at most
    /// a window, and posts again once it has passed; before, it posted nothing for the hour and
    /// logged nothing.
    @Test func sendsStampedAnHourAheadDoNotSilenceTheToken() async throws {
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let control = try client(redis)
        let logs = LogRecorder()
        let limiter = limiter(try client(redis), logs: logs)
        let rules = TelegramSink.rules(chatID: "42")
        let bot = RedisKeys.rateLimit(tokenHash: RedisKeys.tokenHash(Self.token), rule: "bot")
        let ahead = try await redisMillis(control) + 3_600_000
        for index in 0..<30 { _ = try await control.send(["ZADD", bot, String(ahead + Int64(index)), "fast-clock:\(index)"]) }

        let wait = try #require(try await limiter.tryAcquire(rules))
        #expect(wait <= .seconds(1), "\(wait)")
        let now = try await redisMillis(control)
        guard case .array(let items) = try await control.send(["ZRANGE", bot, "0", "-1", "WITHSCORES"]) else {
            throw RedisError(.protocolError, "ZRANGE")
        }
        let scores = stride(from: 1, to: items.count, by: 2).compactMap { items[$0].string.flatMap(Double.init) }
        #expect(scores.count == 30 && scores.allSatisfy { Int64($0) <= now }, "\(scores) after \(now)")
        #expect(logs.entries(atLeast: .warning, containing: "30 rate-limit entries of bot token").count == 1, "\(logs.entries.map(\.message))")

        try await age(control, by: .seconds(2))
        #expect(try await limiter.tryAcquire(rules) == nil)
    }

    /// An ACL of an earlier release, without `+time`: the script takes the process's wall clock
    /// instead of Redis's `TIME` (its only use of it), and the limits are still shared.
    @Test func withoutTimeInTheACLTheScriptStampsTheProcesssClock() async throws {
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let control = try client(redis)
        _ = try await control.send(["ACL", "SETUSER", "no-time", "on", ">pw-no-time", "~*", "&*", "+@all", "-time"])
        let endpoint = try RedisEndpoint(url: RedisACLTests.url("no-time", port: redis.port))
        let reader = RedisClient(configuration: RedisConfiguration(endpoint: endpoint), logger: Logger(label: "t"))
        await #expect(throws: RedisError.self) { try await reader.send(["TIME"]) }
        let wall = ManualWallClock(millis: try await redisMillis(control) - 86_400_000)
        let logs = LogRecorder()
        let local = SlidingWindowLimiter(clock: VirtualClock())
        let limiter = SharedRateLimiter(
            windows: RedisRateLimitWindows(client: reader), token: Self.token, wallClock: wall, clock: VirtualClock(), logger: logs.logger(label: "t")
        ) { try await local.acquire($0) }
        let rules = [RateLimitRule(key: "bot", count: 1, window: .seconds(60))]
        #expect(try await limiter.tryAcquire(rules) == nil)
        let bot = RedisKeys.rateLimit(tokenHash: RedisKeys.tokenHash(Self.token), rule: "bot")
        guard case .array(let items) = try await control.send(["ZRANGE", bot, "0", "-1", "WITHSCORES"]), items.count == 2 else {
            Issue.record("the send was not recorded in Redis")
            return
        }
        #expect(items[1].string.flatMap(Double.init).map(Int64.init) == wall.nowMillis(), "stamped with the process's clock")
        let wait = try await limiter.tryAcquire(rules)
        #expect(wait != nil && wait! <= .seconds(60), "the rule is full: \(String(describing: wait))")
        #expect(logs.entries(atLeast: .warning, containing: "").isEmpty, "\(logs.entries.map(\.message))")
    }

    /// A wait that repeats is logged once, with the rule that is full, until a send goes out
    /// without waiting. Redis's clock is the one that counts, so the rule is one send a minute: a
    /// second send finds it full however slow the machine, and with a virtual clock for the waits
    /// it asks again and again, finding it full each time, until the test stops it.
    @Test func aWaitIsLoggedOnceWithItsReason() async throws {
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let logs = LogRecorder()
        let clock = VirtualClock()
        let local = SlidingWindowLimiter(clock: clock)
        // Patient: a command timed out on a loaded machine sends the limiter to its fallback, which
        // (a rule of its own, empty) lets the second send go, and the test would wait for nothing.
        let limiter = limiter(try client(redis, patient: true), token: Self.token, clock: clock, logs: logs) { try await local.acquire($0) }
        let rules = [RateLimitRule(key: "chat:42", count: 1, window: .seconds(60))]
        try await limiter.acquire(rules)
        let second = Task { try await limiter.acquire(rules) }
        let deadline = ContinuousClock.now + .seconds(180)
        while clock.sleeps.count < 3 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        second.cancel()
        _ = try? await second.value
        #expect(clock.sleeps.count >= 3, "the second send found the rule full \(clock.sleeps.count) times: \(logs.entries.map(\.message))")
        let waits = logs.entries(atLeast: .info, containing: "wait (")
        #expect(waits.count == 1, "\(logs.entries.map(\.message))")
        #expect(waits.first?.message.contains("chat:42 allows 1 per 1m") == true, "\(waits.map(\.message))")
        #expect(waits.allSatisfy { !$0.message.contains(Self.token) })
    }

    @Test func theKeysNameAHashOfTheTokenNeverTheToken() async throws {
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let client = try client(redis)
        _ = try await limiter(client).tryAcquire(TelegramSink.rules(chatID: "@channel"))
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
        let limiter = limiter(try client(redis), clock: clock, logs: logs)
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

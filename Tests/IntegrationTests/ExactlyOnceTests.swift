// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotSupport
import Foundation
import Logging
import RedisClient
import TestHarness
import Testing

/// Exactly once across restarts: the built binary posting to a webhook, with the delivery ledger
/// in a real redis-server, killed with SIGKILL and started again.
@Suite(.serialized) struct ExactlyOnceTests {
    static func config(dir: String, hook: String) throws -> String {
        var config = TestBotConfig(code: "en", role: "master")
        config.sinks = TestBotConfig.webhook(hook) + "\n" + TestBotConfig.console()
        return try config.write(in: dir)
    }

    static func issues(_ server: FakeChatServer) -> [Int64] {
        server.requests("/hook").compactMap { try? JSONDecoder().decode(PostRecord.self, from: Data($0.body)).issue }
    }

    /// Waits until the webhook sink's ledger says it is done with `issue`, so a kill lands between
    /// deliveries, not inside one (a kill inside the send is the case exactly-once cannot cover).
    static func waitUntilDone(_ issue: Int64, redisURL: String) async throws -> Bool {
        let client = RedisClient(configuration: RedisConfiguration(endpoint: try RedisEndpoint(url: redisURL)), logger: Logger(label: "t"))
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if let done = try? await client.send(["GET", "redgreen:ledger:en:RG5M:webhook:done"]).int, done >= issue { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    @Test func aKilledAndRestartedBotPostsNothingTwiceAndCatchesUpOnMissedDraws() async throws {
        let fixture = try await ProcessFixture.start()
        defer { fixture.redis.stop() }
        let (binary, redis, sim, dir, env) = (fixture.binary, fixture.redis, fixture.sim, fixture.dir, fixture.env)
        let hook = try await FakeChatServer.start()
        let configPath = try Self.config(dir: dir, hook: "\(hook.baseURL)/hook")

        var bot = try ChildProcess(binary, ["run", "--config", configPath], environment: env)
        #expect(await bot.waitFor(timeout: .seconds(60)) { _ in Self.issues(hook).count == 1 }, "\(bot.stderr)")
        sim.state.publish()
        sim.state.publish()
        let beforeKill = sim.latestIssue
        #expect(await bot.waitFor(timeout: .seconds(60)) { _ in Self.issues(hook).last == beforeKill })
        #expect(try await Self.waitUntilDone(beforeKill, redisURL: redis.url))

        // Killed in the middle of its run, then started again: nothing is posted twice.
        bot.signal(SIGKILL)
        _ = await bot.waitForExit(timeout: ChildProcess.stopDeadline)
        bot = try ChildProcess(binary, ["run", "--config", configPath], environment: env)
        #expect(await bot.waitFor(timeout: .seconds(60)) { $0.stderr.contains("Resuming after draw \(beforeKill)") }, "\(bot.stderr)")
        #expect(try await Self.waitUntilDone(beforeKill, redisURL: redis.url))

        // Down for three draws: it catches up on all three, in order.
        bot.signal(SIGKILL)
        _ = await bot.waitForExit(timeout: ChildProcess.stopDeadline)
        for _ in 0..<3 { sim.state.publish() }
        let last = sim.latestIssue
        bot = try ChildProcess(binary, ["run", "--config", configPath], environment: env)
        #expect(await bot.waitFor(timeout: .seconds(60)) { _ in Self.issues(hook).last == last }, "\(bot.stderr)")
        bot.signal(SIGTERM)
        #expect(await bot.waitForExit(timeout: ChildProcess.stopDeadline) == 0)

        let posted = Self.issues(hook)
        let first = posted.first ?? 0
        #expect(posted == Array(first...last), "posted \(posted)")
        await hook.stop()
        await sim.stop()
    }

    /// Issue 19: a graceful stop while the chat API hung left the claim, so the restarted bot
    /// waited out `delivery.claim_ttl` (120 s) before posting the draw. Now the stop drops the
    /// claim of the request it cut off, and the restarted bot posts the draw without waiting.
    @Test func aGracefulStopDuringAHungSendLeavesNoClaimToWaitOut() async throws {
        let binary = try BotBinary.require()
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let sim = try await RunningSimulator.start()
        let hook = try await FakeChatServer.start()
        let dir = try BotBinary.temporaryDirectory()
        let env = ["REDIS_URL": redis.url, "REDGREEN_UPSTREAM_URL": sim.url]
        let configPath = try Self.config(dir: dir, hook: "\(hook.baseURL)/hook")

        var bot = try ChildProcess(binary, ["run", "--config", configPath], environment: env)
        #expect(await bot.waitFor(timeout: .seconds(60)) { _ in Self.issues(hook).count == 1 }, "\(bot.stderr)")
        #expect(try await Self.waitUntilDone(sim.latestIssue, redisURL: redis.url))
        hook.script("/hook", [.slow(.seconds(15))])
        sim.state.publish()
        let hung = sim.latestIssue
        #expect(await bot.waitFor(timeout: .seconds(60)) { _ in Self.issues(hook).last == hung }, "\(bot.stderr)")
        bot.signal(SIGTERM)
        #expect(await bot.waitForExit(timeout: ChildProcess.stopDeadline) == 0)
        // Cut off in flight; or, on a machine so loaded that the request timed out first, stopped
        // while waiting to retry it: either way the claim is dropped.
        let stopped = ["Stopped while posting draw \(hung) to webhook", "Stopped before posting draw \(hung) to webhook"]
        #expect(stopped.contains { bot.stderr.contains($0) }, "\(bot.stderr)")
        let client = RedisClient(configuration: RedisConfiguration(endpoint: try RedisEndpoint(url: redis.url)), logger: Logger(label: "t"))
        #expect(try await client.send(["GET", "redgreen:ledger:en:RG5M:webhook:\(hung)"]) == .null)

        bot = try ChildProcess(binary, ["run", "--config", configPath], environment: env)
        #expect(await bot.waitFor(timeout: .seconds(60)) { _ in Self.issues(hook).filter { $0 == hung }.count == 2 }, "\(bot.stderr)")
        #expect(!bot.stderr.contains("by another attempt"), "\(bot.stderr)")
        bot.signal(SIGTERM)
        #expect(await bot.waitForExit(timeout: ChildProcess.stopDeadline) == 0)
        await hook.stop()
        await sim.stop()
    }

    /// Issue 27: a bot killed with SIGKILL while a post was in flight left its claim, and the
    /// restarted bot waited it out (`delivery.claim_ttl`, here 600 s) before posting anything more
    /// on that sink. Now the claim names its owner: the restarted bot takes over its dead
    /// predecessor's claim at once and posts the draw again, logged as the at-least-once case.
    @Test func aBotKilledInTheMiddleOfAPostPostsItAgainAtOnceAfterItsRestart() async throws {
        let fixture = try await ProcessFixture.start()
        defer { fixture.redis.stop() }
        let (binary, redis, sim, dir, env) = (fixture.binary, fixture.redis, fixture.sim, fixture.dir, fixture.env)
        let hook = try await FakeChatServer.start()
        var config = TestBotConfig(code: "en", role: "master")
        config.sinks = TestBotConfig.webhook("\(hook.baseURL)/hook")
        config.extra = "delivery:\n  claim_ttl: 600s"
        let configPath = try config.write(in: dir)

        var bot = try ChildProcess(binary, ["run", "--config", configPath], environment: env)
        #expect(await bot.waitFor(timeout: .seconds(60)) { _ in Self.issues(hook).count == 1 }, "\(bot.stderr)")
        #expect(try await Self.waitUntilDone(sim.latestIssue, redisURL: redis.url))
        hook.script("/hook", [.held])
        sim.state.publish()
        let cut = sim.latestIssue
        #expect(await bot.waitFor(timeout: .seconds(60)) { _ in Self.issues(hook).last == cut }, "\(bot.stderr)")
        bot.signal(SIGKILL)
        _ = await bot.waitForExit(timeout: ChildProcess.stopDeadline)
        hook.release()
        _ = hook.unscript("/hook")
        let client = RedisClient(configuration: RedisConfiguration(endpoint: try RedisEndpoint(url: redis.url)), logger: Logger(label: "t"))
        let claim = try await client.send(["GET", "redgreen:ledger:en:RG5M:webhook:\(cut)"]).string ?? ""
        #expect(claim.hasPrefix("claimed ") && claim.split(separator: " ").count == 4, "\(claim)")

        bot = try ChildProcess(binary, ["run", "--config", configPath], environment: env)
        #expect(
            await bot.waitFor(timeout: .seconds(60)) { _ in Self.issues(hook).filter { $0 == cut }.count == 2 },
            "posted \(Self.issues(hook)); \(bot.stderr)")
        #expect(bot.stderr.contains("Draw \(cut) was being posted to webhook by this bot's earlier run"), "\(bot.stderr)")
        #expect(bot.stderr.contains("posted again (at least once)"), "\(bot.stderr)")
        sim.state.publish()
        let next = sim.latestIssue
        #expect(await bot.waitFor(timeout: .seconds(60)) { _ in Self.issues(hook).last == next }, "\(bot.stderr)")
        bot.signal(SIGTERM)
        #expect(await bot.waitForExit(timeout: ChildProcess.stopDeadline) == 0)
        await hook.stop()
        await sim.stop()
    }
}

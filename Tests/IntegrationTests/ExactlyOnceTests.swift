import BotEngine
import BotEngineTesting
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
        let deadline = ContinuousClock.now + .seconds(20)
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
        #expect(await bot.waitFor(timeout: .seconds(20)) { _ in Self.issues(hook).count == 1 }, "\(bot.stderr)")
        sim.state.publish()
        sim.state.publish()
        let beforeKill = sim.latestIssue
        #expect(await bot.waitFor(timeout: .seconds(20)) { _ in Self.issues(hook).last == beforeKill })
        #expect(try await Self.waitUntilDone(beforeKill, redisURL: redis.url))

        // Killed in the middle of its run, then started again: nothing is posted twice.
        bot.signal(SIGKILL)
        _ = await bot.waitForExit(timeout: ChildProcess.stopDeadline)
        bot = try ChildProcess(binary, ["run", "--config", configPath], environment: env)
        #expect(await bot.waitFor(timeout: .seconds(20)) { $0.stderr.contains("Resuming after draw \(beforeKill)") }, "\(bot.stderr)")
        #expect(try await Self.waitUntilDone(beforeKill, redisURL: redis.url))

        // Down for three draws: it catches up on all three, in order.
        bot.signal(SIGKILL)
        _ = await bot.waitForExit(timeout: ChildProcess.stopDeadline)
        for _ in 0..<3 { sim.state.publish() }
        let last = sim.latestIssue
        bot = try ChildProcess(binary, ["run", "--config", configPath], environment: env)
        #expect(await bot.waitFor(timeout: .seconds(20)) { _ in Self.issues(hook).last == last }, "\(bot.stderr)")
        bot.signal(SIGTERM)
        #expect(await bot.waitForExit(timeout: ChildProcess.stopDeadline) == 0)

        let posted = Self.issues(hook)
        let first = posted.first ?? 0
        #expect(posted == Array(first...last), "posted \(posted)")
        await hook.stop()
        await sim.stop()
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotEngineTesting
import Foundation
import TestHarness

/// Bots as processes of the built binary, each with `metrics.listen` on a free port, against a
/// redis-server and the simulator of their own: the fixture of the operations tests that scrape
/// real bots.
final class BotProcessFleet: Sendable {
    let binary: String
    let redis: RedisServerProcess
    let sim: RunningSimulator
    let dir: String

    static func start() async throws -> BotProcessFleet {
        BotProcessFleet(
            binary: try BotBinary.require(), redis: try RedisServerProcess.start(), sim: try await RunningSimulator.start(),
            dir: try BotBinary.temporaryDirectory())
    }

    private init(binary: String, redis: RedisServerProcess, sim: RunningSimulator, dir: String) {
        self.binary = binary
        self.redis = redis
        self.sim = sim
        self.dir = dir
    }

    /// One bot: its process and the base URL of its `/metrics`, `/healthz` and `/readyz`.
    struct Bot {
        var code: String
        var base: String
        var target: String
        var process: ChildProcess
    }

    /// Starts the bot of `code` in `role` with `sinks` (its console's JSON lines by default) and
    /// `environment`, serving its metrics on a free loopback port.
    func bot(_ code: String, _ role: String, sinks: String = TestBotConfig.console(), environment: [String: String] = [:]) throws -> Bot {
        let port = try FreePort.next()
        let config = try Ops.writeConfig(code: code, role: role, dir: dir, sinks: sinks, extra: Ops.operations(port: port))
        let process = try ChildProcess(
            binary, ["run", "--config", config], environment: ["REDIS_URL": redis.url, "REDGREEN_UPSTREAM_URL": sim.url].merging(environment) { $1 })
        return Bot(code: code, base: "http://127.0.0.1:\(port)", target: "127.0.0.1:\(port)", process: process)
    }

    /// Publishes a draw and waits until every one of `bots` posted it; returns whether they all did.
    func publishAndWait(for bots: [Bot]) async -> Bool {
        sim.state.publish()
        let issue = sim.latestIssue
        var all = true
        for bot in bots {
            all = await bot.process.waitFor(timeout: .seconds(30)) { Ops.posts($0).last?.issue == issue } && all
        }
        return all
    }

    /// Stops `bots` with SIGTERM; whether each exited with status 0.
    func stop(_ bots: [Bot]) async -> Bool {
        for bot in bots { bot.process.signal(SIGTERM) }
        var clean = true
        for bot in bots { clean = await bot.process.waitForExit(timeout: ChildProcess.stopDeadline) == 0 && clean }
        await sim.stop()
        redis.stop()
        return clean
    }
}

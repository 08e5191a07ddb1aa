// SPDX-License-Identifier: Apache-2.0
import BotEngineTesting
import TestHarness

/// What a test of the built binary runs its bots against: a redis-server, the simulator in the
/// test process and a temporary directory for their configs, with the environment that points
/// the bots at both (`REDIS_URL`, `REDGREEN_UPSTREAM_URL`, see `TestBotConfig`).
struct ProcessFixture {
    let binary: String
    let redis: RedisServerProcess
    let sim: RunningSimulator
    let dir: String

    var env: [String: String] { ["REDIS_URL": redis.url, "REDGREEN_UPSTREAM_URL": sim.url] }

    /// Starts the server and the simulator; the caller stops the server (`defer`) and the simulator.
    static func start() async throws -> ProcessFixture {
        let binary = try BotBinary.require()
        let redis = try RedisServerProcess.start()
        do {
            return ProcessFixture(binary: binary, redis: redis, sim: try await RunningSimulator.start(), dir: try BotBinary.temporaryDirectory())
        } catch {
            redis.stop()
            throw error
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import Foundation
import TestHarness
import Testing

/// A fleet on a Sentinel-monitored Redis: the built binary as a master, a standby master and two
/// readers, configured with `redis.sentinels`, against a primary, a replica and three Sentinels on
/// loopback; `SENTINEL failover` is forced in the middle of a run.
@Suite(.serialized) struct SentinelFleetTests {
    static let dataPassword = "fleet-data-secret"
    static let sentinelPassword = "fleet-sentinel-secret"

    static func config(_ code: String, role: String, dir: String, sentinels: [String]) throws -> String {
        var config = TestBotConfig(code: code, role: role)
        config.pollInterval = "300ms"
        config.redis = """
              sentinels: [\(sentinels.map { "\"\($0)\"" }.joined(separator: ", "))]
              master_name: mymaster
              database: 3
              password_env: REDIS_PASSWORD
              sentinel_password_env: SENTINEL_PASSWORD
            """
        config.lease = "4s"
        return try config.write(in: dir)
    }

    static func issues(_ child: ChildProcess) -> [Int64] {
        MultiProcessTests.posts(child).map(\.issue)
    }

    @Test func theFleetPostsEveryDrawOnceThroughAForcedFailover() async throws {
        let binary = try BotBinary.require()
        let topology = try await RedisSentinelTopology.start(password: Self.dataPassword, sentinelPassword: Self.sentinelPassword)
        defer { topology.stop() }
        let sim = try await RunningSimulator.start()
        let dir = try BotBinary.temporaryDirectory()
        // REDIS_URL must stay unset: it would win over the Sentinels.
        let env = [
            "REDGREEN_UPSTREAM_URL": sim.url, "REDIS_PASSWORD": Self.dataPassword, "SENTINEL_PASSWORD": Self.sentinelPassword,
            "REDIS_URL": "",
        ]
        func start(_ code: String, _ role: String) throws -> ChildProcess {
            let path = try Self.config(code, role: role, dir: dir, sentinels: topology.sentinelAddresses)
            return try ChildProcess(binary, ["run", "--config", path, "--log-level", "info"], environment: env)
        }
        let oldPrimary = try #require(topology.primaryPort())

        let en = try start("en", "master")
        #expect(await en.waitFor(timeout: .seconds(60)) { $0.stderr.contains("Took the lease") }, "\(en.stderr)")
        let vi = try start("vi", "master")
        let ja = try start("ja", "reader")
        let id = try start("id", "reader")
        let fleet = [en, vi, ja, id]
        for child in fleet {
            #expect(await child.waitFor(timeout: .seconds(60)) { !MultiProcessTests.posts($0).isEmpty }, "\(child.stderr)")
            #expect(child.stderr.contains("Redis primary is now 127.0.0.1:\(oldPrimary)"), "\(child.stderr)")
        }
        let first = sim.latestIssue
        sim.state.publish()
        let beforeFailover = sim.latestIssue
        for child in fleet {
            #expect(await child.waitFor(timeout: .seconds(60)) { Self.issues($0).last == beforeFailover }, "\(child.stderr)")
        }

        // Draws keep coming while the Sentinels fail over and later demote the old primary.
        let publishing = Task {
            for _ in 0..<6 {
                sim.state.publish()
                try? await Task.sleep(for: .seconds(1))
            }
        }
        let newPrimary = try await topology.failover()
        try await topology.waitUntilReplica(port: oldPrimary)
        _ = await publishing.value
        sim.state.publish()
        let last = sim.latestIssue

        for child in fleet {
            #expect(await child.waitFor(timeout: .seconds(45)) { Self.issues($0).last == last }, "\(child.stderr)")
            #expect(child.stderr.contains("Redis primary is now 127.0.0.1:\(newPrimary)"), "\(child.stderr)")
        }
        // status reads through the Sentinels too, and never shows a password.
        let status = try await Ops.run(["status", "--config", "\(dir)/en.yaml"], environment: env)
        #expect(status.status == 0, "\(status.stderr)")
        let shown = "on redis-sentinel://:***@\(topology.sentinelAddresses.joined(separator: ","))/mymaster/3"
        #expect(status.stdout.contains(shown), "\(status.stdout)")
        #expect(!status.stdout.contains(Self.dataPassword))

        for child in fleet {
            child.signal(SIGTERM)
            #expect(await child.waitForExit(timeout: ChildProcess.stopDeadline) == 0)
        }
        let expected = Array(first...last)
        for (code, child) in zip(["en", "vi", "ja", "id"], fleet) {
            let posted = Self.issues(child).filter { $0 >= first }
            #expect(posted == expected, "\(code) posted \(posted), expected \(expected)")
            #expect(!child.stderr.contains(Self.dataPassword) && !child.stderr.contains(Self.sentinelPassword))
        }
        await sim.stop()
    }
}

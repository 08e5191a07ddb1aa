// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import Foundation
import TestHarness
import Testing

/// A Redis password given in `REDIS_URL` never appears in a bot's output, at any log level, nor
/// in `status`, `/metrics` or `/readyz`: wherever the endpoint is shown, the password is `***`.
@Suite(.serialized) struct SecretRedactionTests {
    static let password = "s3cret-PW-4d9f"
    static let wrongPassword = "wr0ng-PW-7c1e"

    @Test func aPasswordInRedisURLIsRedactedInEveryLineOfARun() async throws {
        let binary = try BotBinary.require()
        let acl = NSTemporaryDirectory() + "/users-\(UUID().uuidString).acl"
        try "user default off\nuser bot on >\(Self.password) ~* &* +@all\n".write(toFile: acl, atomically: true, encoding: .utf8)
        let redis = try RedisServerProcess.start(extraArguments: ["--aclfile", acl])
        defer { redis.stop() }
        let sim = try await RunningSimulator.start()
        let dir = try BotBinary.temporaryDirectory()
        let good = "redis://bot:\(Self.password)@127.0.0.1:\(redis.port)"
        let bad = "redis://bot:\(Self.wrongPassword)@127.0.0.1:\(redis.port)"
        let ports = (en: try FreePort.next(), vi: try FreePort.next())
        let master = try ChildProcess(
            binary,
            [
                "run", "--log-level", "trace", "--config",
                try Ops.writeConfig(code: "en", role: "master", dir: dir, extra: Ops.operations(port: ports.en)),
            ],
            environment: ["REDIS_URL": good, "REDGREEN_UPSTREAM_URL": sim.url])
        let reader = try ChildProcess(
            binary,
            [
                "run", "--log-level", "trace", "--config",
                try Ops.writeConfig(code: "vi", role: "reader", dir: dir, extra: Ops.operations(port: ports.vi)),
            ],
            environment: ["REDIS_URL": bad, "REDGREEN_UPSTREAM_URL": sim.url])
        #expect(await master.waitFor(timeout: .seconds(60)) { $0.stderr.contains("Summary (1s)") && !Ops.posts($0).isEmpty }, "\(master.stderr)")
        // The reader cannot log in: it says so, naming the endpoint, and posts from the game API.
        #expect(await reader.waitFor(timeout: .seconds(60)) { $0.stderr.contains("Redis unavailable") && !Ops.posts($0).isEmpty }, "\(reader.stderr)")
        #expect(reader.stderr.contains("redis://bot:***@127.0.0.1:\(redis.port)"), "the endpoint is never named: \(reader.stderr)")
        sim.state.publish()
        let last = sim.latestIssue
        #expect(await master.waitFor(timeout: .seconds(60)) { Ops.posts($0).last?.issue == last })

        var served: [String] = []
        for port in [ports.en, ports.vi] {
            for path in ["metrics", "readyz", "healthz"] { served.append(await Ops.get("http://127.0.0.1:\(port)/\(path)")?.body ?? "") }
        }
        let status = try await Ops.run(["status", "--config", "\(dir)/en.yaml"], environment: ["REDIS_URL": good])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("Fleet RG5M on redis://bot:***@127.0.0.1:\(redis.port)"), "\(status.stdout)")
        let json = try await Ops.run(["status", "--json", "--config", "\(dir)/en.yaml"], environment: ["REDIS_URL": good])
        let refused = try await Ops.run(["status", "--config", "\(dir)/vi.yaml"], environment: ["REDIS_URL": bad])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("redis://bot:***@"), "\(refused.stderr)")

        for child in [master, reader] {
            child.signal(SIGTERM)
            #expect(await child.waitForExit(timeout: ChildProcess.stopDeadline) == 0)
        }
        let outputs =
            [
                ("master", master.stdout + master.stderr), ("reader", reader.stdout + reader.stderr), ("status", status.stdout + status.stderr),
                ("status --json", json.stdout + json.stderr), ("refused status", refused.stdout + refused.stderr),
            ] + served.map { ("served", $0) }
        for (name, text) in outputs {
            for line in text.split(separator: "\n") {
                #expect(!line.contains(Self.password) && !line.contains(Self.wrongPassword), "\(name) printed a password: \(line)")
            }
        }
        #expect(master.stderr.split(separator: "\n").count > 20, "too little output to mean anything")
        await sim.stop()
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotEngineTesting
import Foundation
import TestHarness
import Testing

/// `redgreen-bot config check --config FILE [--connect]` as an operator runs it.
@Suite(.serialized) struct ConfigCheckCommandTests {
    /// A bot's config with a Redis user and `password_env: REDIS_PASSWORD` (`redis.url` on line 9).
    static func config(
        code: String = "vi", role: String = "reader", user: String?, redis: String, upstream: String, locales: String = RepoPaths.locales
    ) throws -> String {
        var config = TestBotConfig(code: code, role: role)
        config.localesDir = locales
        config.upstreamURL = upstream
        config.redis = "  url: \(redis)\n" + (user.map { "  username: \($0)\n" } ?? "") + "  password_env: REDIS_PASSWORD"
        return try config.write(in: try BotBinary.temporaryDirectory())
    }

    @Test func aCleanConfigPassesAndABadLocaleListsEveryProblemWithStatus2() async throws {
        let clean = try Self.config(user: nil, redis: "redis://127.0.0.1:6379", upstream: "http://127.0.0.1:8080/api/draws")
        let ok = try await Ops.run(["config", "check", "--config", clean], environment: ["REDIS_PASSWORD": "x"])
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        #expect(ok.stdout.isEmpty && ok.stderr.contains("config check: \(clean): no problems (vi, reader)"), "\(ok.stderr)")

        // A locale with two problems, both listed, each naming file, line and key.
        let locales = try BotBinary.temporaryDirectory()
        try FileManager.default.copyItem(atPath: RepoPaths.locales + "/en.yaml", toPath: locales + "/en.yaml")
        let vi = try String(contentsOfFile: RepoPaths.locales + "/vi.yaml", encoding: .utf8)
        try (vi + "bogus_key: 1\nother_bogus: 2\n").write(toFile: locales + "/vi.yaml", atomically: true, encoding: .utf8)
        let bad = try Self.config(user: nil, redis: "redis://127.0.0.1:6379", upstream: "http://127.0.0.1:8080/api/draws", locales: locales)
        let result = try await Ops.run(["config", "check", "--config", bad])
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("\(locales)/vi.yaml:") && $0.contains("bogus_key") }, "\(result.stdout)")
        #expect(lines.contains { $0.hasPrefix("\(locales)/vi.yaml:") && $0.contains("other_bogus") }, "\(result.stdout)")
        #expect(result.stderr.contains("config check: \(bad): \(lines.count) problems"), "\(result.stderr)")
        #expect(result.stderr.contains("note: redis.password_env names REDIS_PASSWORD, which is not set here"), "\(result.stderr)")
    }

    @Test(arguments: [false, true])
    func redissIsRefusedSayingToUseStunnel(fromEnvironment: Bool) async throws {
        let url = "rediss://redis.example.net:6379"
        let path = try Self.config(user: nil, redis: fromEnvironment ? "redis://127.0.0.1:6379" : url, upstream: "http://127.0.0.1:8080/api/draws")
        let result = try await Ops.run(["config", "check", "--config", path], environment: fromEnvironment ? ["REDIS_URL": url] : [:])
        #expect(result.status == 2)
        #expect(result.stdout.contains("\(path):9: redis.url: rediss:// (TLS) is not supported"), "\(result.stdout)")
        #expect(result.stdout.contains("stunnel4") && result.stdout.contains("docs/operations.md"))
        #expect(result.stdout.contains("(from REDIS_URL)") == fromEnvironment)
        // And run refuses it the same way.
        let run = try await Ops.run(["run", "--config", path], environment: fromEnvironment ? ["REDIS_URL": url] : [:])
        #expect(run.status == 2 && run.stderr.contains("rediss:// (TLS) is not supported"), "\(run.stderr)")
    }

    @Test func connectSaysWhatWorksWithEachRolesUserAndWhatDoesNot() async throws {
        let redis = try RedisServerProcess.start(extraArguments: ["--aclfile", try RedisACLTests.aclFile()])
        defer { redis.stop() }
        let sim = try await RunningSimulator.start()
        let url = "redis://127.0.0.1:\(redis.port)"
        func check(_ path: String, password: String) async throws -> (status: Int32?, stdout: String, stderr: String) {
            try await Ops.run(["config", "check", "--connect", "--config", path], environment: ["REDIS_PASSWORD": password])
        }

        let reader = try Self.config(user: "redgreen-reader-vi", redis: url, upstream: sim.url)
        let read = try await check(reader, password: "pw-redgreen-reader-vi")
        #expect(read.status == 0, "\(read.stdout)\(read.stderr)")
        #expect(read.stdout.contains("ok   Redis login: redis://127.0.0.1:\(redis.port) as redgreen-reader-vi: PONG\n"), "\(read.stdout)")
        #expect(read.stdout.contains("ok   read the snapshot fivem_red_green_shared_data: allowed; no snapshot yet"))
        #expect(read.stdout.contains("ok   claim in the delivery ledger: allowed"))
        #expect(read.stdout.contains("ok   game API \(sim.url): 10 draws, the latest \(sim.latestIssue)\n"), "\(read.stdout)")
        #expect(!read.stdout.contains("pw-redgreen") && !read.stderr.contains("pw-redgreen"))

        let master = try Self.config(code: "en", role: "master", user: "redgreen-writer", redis: url, upstream: sim.url)
        let wrote = try await check(master, password: "pw-redgreen-writer")
        #expect(wrote.status == 0, "\(wrote.stdout)\(wrote.stderr)")
        #expect(wrote.stdout.contains("ok   write the snapshot (fenced probe): allowed; nothing written"), "\(wrote.stdout)")
        #expect(wrote.stdout.contains("ok   read the lease redgreen:lease:RG5M: free"))

        // A master configured with a reader's user may not write the snapshot.
        let misconfigured = try Self.config(code: "en", role: "master", user: "redgreen-reader-vi", redis: url, upstream: sim.url)
        let refused = try await check(misconfigured, password: "pw-redgreen-reader-vi")
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("FAIL write the snapshot (fenced probe): "), "\(refused.stdout)")
        #expect(refused.stdout.contains("NOPERM") || refused.stdout.contains("permission"), "\(refused.stdout)")

        // A wrong password stops at the login; a dead game API fails its line.
        let wrong = try await check(reader, password: "not-it")
        #expect(wrong.status == 1)
        #expect(wrong.stdout.contains("FAIL Redis login: redis://127.0.0.1:\(redis.port) as redgreen-reader-vi: "), "\(wrong.stdout)")
        #expect(!wrong.stdout.contains("read the snapshot") && !wrong.stdout.contains("not-it"))
        let deadAPI = try Self.config(user: "redgreen-reader-vi", redis: url, upstream: "http://127.0.0.1:\(try FreePort.next())/api/draws")
        let noGame = try await check(deadAPI, password: "pw-redgreen-reader-vi")
        #expect(noGame.status == 1)
        #expect(noGame.stdout.contains("ok   Redis login") && noGame.stdout.contains("FAIL game API http://127.0.0.1:"), "\(noGame.stdout)")
        await sim.stop()
    }
}

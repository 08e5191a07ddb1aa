// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import Foundation
import TestHarness
import Testing

/// The built binary as four processes (one master, three readers) against a real redis-server
/// and the simulator.
@Suite(.serialized) struct MultiProcessTests {
    static func posts(_ child: ChildProcess) -> [PostRecord] {
        child.stdout.split(separator: "\n").compactMap { line in
            try? JSONDecoder().decode(PostRecord.self, from: Data(line.utf8))
        }
    }

    @Test func everyLocalePostsEveryDrawExactlyOnceAndOnlyTheMasterCallsTheAPI() async throws {
        let fixture = try await ProcessFixture.start()
        defer { fixture.redis.stop() }
        let (binary, sim, dir, env) = (fixture.binary, fixture.sim, fixture.dir, fixture.env)

        let master = try ChildProcess(binary, ["run", "--config", try TestBotConfig(code: "en", role: "master").write(in: dir)], environment: env)
        #expect(await master.waitFor(timeout: .seconds(60)) { !Self.posts($0).isEmpty }, "master never posted: \(master.stderr)")
        var readers: [String: ChildProcess] = [:]
        for code in ["vi", "ja", "id"] {
            readers[code] = try ChildProcess(
                binary, ["run", "--config", try TestBotConfig(code: code, role: "reader").write(in: dir)], environment: env
            )
        }
        for (code, reader) in readers {
            #expect(await reader.waitFor(timeout: .seconds(60)) { !Self.posts($0).isEmpty }, "\(code) never posted: \(reader.stderr)")
        }
        let first = sim.latestIssue
        for _ in 0..<5 {
            sim.state.publish()
            try await Task.sleep(for: .milliseconds(600))
        }
        let last = sim.latestIssue
        let all = ["en": master].merging(readers) { $1 }
        for (code, child) in all {
            #expect(await child.waitFor(timeout: .seconds(60)) { Self.posts($0).last?.issue == last }, "\(code) did not post \(last)")
        }
        for (code, child) in all {
            child.signal(SIGTERM)
            #expect(await child.waitForExit(timeout: ChildProcess.stopDeadline) == 0, "\(code) did not stop after SIGTERM")
        }

        let expected = Array(first...last)
        for (code, child) in all {
            let posts = Self.posts(child)
            #expect(posts.map(\.issue) == expected, "\(code) posted \(posts.map(\.issue)), expected \(expected)")
            #expect(posts.allSatisfy { $0.locale == code })
        }
        #expect(Self.posts(readers["vi"]!).allSatisfy { $0.text.contains("Kỳ") })
        #expect(Self.posts(readers["ja"]!).allSatisfy { $0.text.contains("回") })
        let colors = Self.posts(master).map(\.colors)
        for (_, reader) in readers { #expect(Self.posts(reader).map(\.colors) == colors) }

        let agents = sim.state.requestCounts.byUserAgent
        #expect(agents.keys.allSatisfy { $0.contains("(en; master)") }, "readers called the game API: \(agents)")
        #expect(readers.values.allSatisfy { $0.stderr.contains("Shared data read from Redis successfully") })
        await sim.stop()
    }

    @Test func readerLogsFollowTheOriginalWhenRedisIsDown() async throws {
        let binary = try BotBinary.require()
        let sim = try await RunningSimulator.start()
        let dir = try BotBinary.temporaryDirectory()
        let port = try FreePort.next()
        let env = ["REDIS_URL": "redis://127.0.0.1:\(port)", "REDGREEN_UPSTREAM_URL": sim.url]
        let reader = try ChildProcess(binary, ["run", "--config", try TestBotConfig(code: "id", role: "reader").write(in: dir)], environment: env)
        #expect(await reader.waitFor(timeout: .seconds(60)) { !Self.posts($0).isEmpty }, "\(reader.stderr)")
        #expect(reader.stderr.contains("[ID] Redis unavailable, using direct API"), "\(reader.stderr)")
        reader.signal(SIGINT)
        #expect(await reader.waitForExit(timeout: ChildProcess.stopDeadline) == 0)
        await sim.stop()
    }
}

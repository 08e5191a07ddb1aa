// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import Foundation
import TestHarness
import Testing

/// A game of the list shape run as an operator runs it: `redgreen-bot simulate --shape list`, a
/// master and a reader process whose configs name the `list` preset from a `presets/` folder next
/// to them, one redis-server.
@Suite(.serialized) struct GameShapeProcessTests {
    /// A temporary folder holding `presets/` copied from `Config/presets`, as an operator's config folder would.
    static func configDirectory() throws -> String {
        let dir = try BotBinary.temporaryDirectory()
        try FileManager.default.copyItem(atPath: RepoPaths.config + "/presets", toPath: dir + "/presets")
        return dir
    }

    static func writeConfig(code: String, role: String, dir: String, upstream: String = "  preset: list") throws -> String {
        var config = TestBotConfig(code: code, role: role)
        config.top = "game_type: RG1M"
        config.upstream = upstream
        return try config.write(in: dir)
    }

    @Test func aListGameRunsFromTheSimulatorToEveryBot() async throws {
        let binary = try BotBinary.require()
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let port = try FreePort.next()
        let sim = try ChildProcess(binary, ["simulate", "--shape", "list", "--port", "\(port)", "--period", "300ms"])
        #expect(await sim.waitFor(timeout: .seconds(60)) { $0.stderr.contains("list shape") || $0.stdout.contains("list shape") }, "\(sim.stderr)")
        let dir = try Self.configDirectory()
        let env = ["REDIS_URL": redis.url, "REDGREEN_UPSTREAM_URL": "http://127.0.0.1:\(port)/api/draws"]
        // Run from elsewhere: presets are found next to the config, not in the working directory.
        let master = try ChildProcess(
            binary, ["run", "--config", try Self.writeConfig(code: "en", role: "master", dir: dir)], environment: env, directory: "/")
        #expect(await master.waitFor(timeout: .seconds(60)) { !MultiProcessTests.posts($0).isEmpty }, "master never posted: \(master.stderr)")
        let reader = try ChildProcess(
            binary, ["run", "--config", try Self.writeConfig(code: "vi", role: "reader", dir: dir)], environment: env, directory: "/")
        #expect(await reader.waitFor(timeout: .seconds(30)) { MultiProcessTests.posts($0).count >= 4 }, "reader posted too little: \(reader.stderr)")
        let readerPosts = MultiProcessTests.posts(reader)
        #expect(await master.waitFor(timeout: .seconds(60)) { MultiProcessTests.posts($0).last!.issue >= readerPosts.last!.issue })
        for child in [reader, master, sim] {
            child.signal(SIGTERM)
            #expect(await child.waitForExit(timeout: ChildProcess.stopDeadline) == 0)
        }

        let masterPosts = Dictionary(MultiProcessTests.posts(master).map { ($0.issue, $0) }) { first, _ in first }
        for post in readerPosts {
            #expect(post.value.count == 1, "the list shape's number is one digit: \(post)")
            #expect(post.colors == GameShapeTests.originalColors(Int(post.value)!), "\(post)")
            #expect(post.text.contains("RG1M"))
            #expect(masterPosts[post.issue]?.value == post.value, "master and reader disagree on \(post.issue)")
            #expect(masterPosts[post.issue]?.colors == post.colors, "master and reader disagree on \(post.issue)")
        }
        #expect(reader.stderr.contains("Shared data read from Redis successfully"), "\(reader.stderr)")
        #expect(try await RedisCLI.keys(port: redis.port) == ["api_response:RG1M", "fivem_red_green_shared_data:RG1M"])
    }

    @Test func anUnknownPresetExitsWithStatus2NamingTheKeyAndThePresets() async throws {
        let dir = try Self.configDirectory()
        let file = try Self.writeConfig(code: "vi", role: "reader", dir: dir, upstream: "  preset: lst")
        let child = try ChildProcess(try BotBinary.require(), ["run", "--config", file])
        #expect(await child.waitForExit(timeout: .seconds(60)) == 2)
        #expect(child.stderr.contains("\(file):9: upstream.preset: unknown preset 'lst'"), "\(child.stderr)")
        #expect(child.stderr.contains("presets: list, original"), "\(child.stderr)")
    }

    @Test func aBadMappingExitsWithStatus2NamingTheKey() async throws {
        let dir = try Self.configDirectory()
        let file = try Self.writeConfig(
            code: "vi", role: "reader", dir: dir, upstream: "  mapping:\n    records: data.list\n    issue: issueNumber\n")
        let child = try ChildProcess(try BotBinary.require(), ["run", "--config", file])
        #expect(await child.waitForExit(timeout: .seconds(60)) == 2)
        #expect(child.stderr.contains("upstream.mapping.value: is required"), "\(child.stderr)")
    }
}

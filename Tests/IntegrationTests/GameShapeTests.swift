// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotLocalization
import Foundation
import GameSimulator
import TestHarness
import Testing

/// Other games end to end: each preset against the simulator in its shape through a real
/// redis-server, a game that colours 0 and 5 its own way, two games on one Redis, and responses
/// that do not match the mapping.
@Suite(.serialized) struct GameShapeTests {
    /// The original game's rule: 0 red and violet, 5 green and violet, odd green, even red.
    static func originalColors(_ digit: Int) -> [String] {
        switch digit {
        case 0: ["red", "violet"]
        case 5: ["green", "violet"]
        default: digit % 2 == 1 ? ["green"] : ["red"]
        }
    }

    /// A game that calls 0 plain red and 5 plain green.
    static func noVioletColors(_ digit: Int) -> [String] { digit % 2 == 1 ? ["green"] : ["red"] }

    /// Publishes draws and runs fleet rounds until draws ending in 0 and in 5 have been posted
    /// (at most `limit` draws); returns every draw published, by issue.
    static func playUntilZeroAndFive(_ sim: RunningSimulator, _ fleet: TestFleet, limit: Int = 100) async -> [Int64: SimulatedDraw] {
        var published = Dictionary(uniqueKeysWithValues: sim.state.draws.map { ($0.issue, $0) })
        var digits = Set<Int>()
        for _ in 0..<limit where !(digits.contains(0) && digits.contains(5)) {
            let draw = sim.state.publish()
            published[draw.issue] = draw
            let sources = await fleet.round()
            #expect(sources.values.allSatisfy { $0 == .store }, "\(sources)")
            digits.insert(draw.value.last!.wholeNumberValue!)
        }
        #expect(digits.isSuperset(of: [0, 5]), "no draw ended in 0 and 5 within \(limit) draws")
        return published
    }

    /// Every bot posted the same draws, one after another, each with `colors(lastDigit)`, and
    /// values as the shape shows them.
    static func checkPosts(
        _ fleet: TestFleet, _ sim: RunningSimulator, _ published: [Int64: SimulatedDraw], shape: SimulatorShape, colors: (Int) -> [String]
    ) {
        let issues = fleet.issues("en")
        #expect(issues.first.map { issues == Array($0...sim.latestIssue) } == true, "\(issues)")
        var digits = Set<Int>()
        for code in fleet.all {
            #expect(fleet.issues(code) == issues, "\(code) posted \(fleet.issues(code)), the master \(issues)")
            for post in fleet.posts(code) {
                guard let draw = published[post.draw.issue] else {
                    Issue.record("\(code) posted issue \(post.draw.issue), which the game never published")
                    continue
                }
                let digit = draw.value.last!.wholeNumberValue!
                digits.insert(digit)
                #expect(post.draw.value == (shape == .list ? String(digit) : draw.value), "\(code) \(post.draw.issue)")
                #expect(post.colorNames == colors(digit), "\(code) \(post.draw.issue): \(draw.value) posted as \(post.colorNames)")
            }
        }
        #expect(digits.isSuperset(of: [0, 5]))
        let agents = sim.state.requestCounts.byUserAgent
        #expect(agents.keys.allSatisfy { $0.contains("(en; master)") }, "readers called the game API: \(agents)")
    }

    @Test(arguments: [SimulatorShape.original, .list])
    func eachPresetAgainstTheSimulatorInItsShape(_ shape: SimulatorShape) async throws {
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let sim = try await RunningSimulator.start(shape: shape)
        let fleet = try TestFleet(redisURL: redis.url, upstreamURL: sim.url, upstream: "  preset: \(shape.rawValue)")
        #expect(fleet.configs["vi"]?.upstream.mapping.preset == shape.rawValue)
        #expect(await fleet.round().values.allSatisfy { $0 == .store })
        let published = await Self.playUntilZeroAndFive(sim, fleet)
        Self.checkPosts(fleet, sim, published, shape: shape, colors: Self.originalColors)
        #expect(fleet.posts("vi").allSatisfy { $0.text.contains("Kỳ") })
        await sim.stop()
    }

    /// The original game's records without their time (`simulate --shape untimed`, as the first
    /// bots read them): the original preset posts them all, the master learning when they appear
    /// from its own polls.
    @Test func theOriginalRecordsWithoutATimeArePostedByTheOriginalPreset() async throws {
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let sim = try await RunningSimulator.start(shape: .untimed)
        let fleet = try TestFleet(redisURL: redis.url, upstreamURL: sim.url, upstream: "  preset: original")
        #expect(await fleet.round().values.allSatisfy { $0 == .store })
        let published = await Self.playUntilZeroAndFive(sim, fleet)
        Self.checkPosts(fleet, sim, published, shape: .untimed, colors: Self.originalColors)
        await sim.stop()
    }

    @Test func aGameThatDisagreesOnZeroAndFiveIsColouredByItsOwnRule() async throws {
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let sim = try await RunningSimulator.start(shape: .list, seed: 7)
        let upstream = """
              preset: list
              colors_by_last_digit:
                "0,2,4,6,8": [red]
                "1,3,5,7,9": [green]
            """
        let fleet = try TestFleet(redisURL: redis.url, upstreamURL: sim.url, top: "game_type: RG1M", upstream: upstream)
        await fleet.round()
        let published = await Self.playUntilZeroAndFive(sim, fleet)
        Self.checkPosts(fleet, sim, published, shape: .list, colors: Self.noVioletColors)
        await sim.stop()
    }

    @Test func twoGamesOnOneRedisDoNotSeeEachOthersDraws() async throws {
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let simA = try await RunningSimulator.start(shape: .original, firstIssue: 1000)
        let simB = try await RunningSimulator.start(shape: .list, firstIssue: 50_000, seed: 9)
        let fleetA = try TestFleet(redisURL: redis.url, upstreamURL: simA.url, readerCodes: ["vi"])
        let fleetB = try TestFleet(
            redisURL: redis.url, upstreamURL: simB.url, top: "game_type: RG1M", upstream: "  preset: list", readerCodes: ["vi"])
        for _ in 0..<4 {
            simA.state.publish()
            simB.state.publish()
            await fleetA.master.pollOnce()
            await fleetB.master.pollOnce()
            await fleetA.settle()
            await fleetB.settle()
            #expect(await fleetA.readers["vi"]!.pollOnce() == .store)
            #expect(await fleetB.readers["vi"]!.pollOnce() == .store)
            await fleetA.settle()
            await fleetB.settle()
        }
        for code in fleetA.all {
            #expect(fleetA.issues(code) == Array((simA.latestIssue - 3)...simA.latestIssue), "game A, \(code): \(fleetA.issues(code))")
            // The locales name RG5M (`games:`), so its posts show the name in the locale's language.
            let name = try LocaleBundle.load(code: code, directory: RepoPaths.locales).gameValues("RG5M", forms: [])["game"]!
            #expect(name != "RG5M")
            #expect(fleetA.posts(code).allSatisfy { $0.text.contains(name) })
        }
        for code in fleetB.all {
            #expect(fleetB.issues(code) == Array((simB.latestIssue - 3)...simB.latestIssue), "game B, \(code): \(fleetB.issues(code))")
            #expect(fleetB.posts(code).allSatisfy { $0.text.contains("RG1M") && $0.draw.value.count == 1 })
        }
        // The default game keeps the original key names, for bots of the original design.
        #expect(
            try await RedisCLI.keys(port: redis.port)
                == ["api_response", "api_response:RG1M", "fivem_red_green_shared_data", "fivem_red_green_shared_data:RG1M"]
        )
        #expect(simA.state.requestCounts.byUserAgent.keys.allSatisfy { $0.contains("(en; master)") })
        #expect(simB.state.requestCounts.byUserAgent.keys.allSatisfy { $0.contains("(en; master)") })
        await simA.stop()
        await simB.stop()
    }

    @Test func aResponseThatDoesNotMatchTheMappingIsNeverPostedAndNamesTheKey() async throws {
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let sim = try await RunningSimulator.start(shape: .original)
        let logs = LogRecorder()
        let fleet = try TestFleet(redisURL: redis.url, upstreamURL: sim.url, upstream: "  preset: list", readerCodes: ["vi"], logs: logs)
        for _ in 0..<3 {
            sim.state.publish()
            #expect(await fleet.round() == ["vi": .none])
        }
        for code in fleet.all { #expect(fleet.posts(code).isEmpty, "\(code) posted from a response its mapping does not describe") }
        #expect(try await RedisCLI.keys(port: redis.port) == [], "the master shared a response that does not match its mapping")
        for label in ["[EN]", "[VI]"] {
            let errors = logs.entries(atLeast: .warning, containing: "upstream.mapping.records: data.list").filter { $0.label == label }
            #expect(errors.count == 1, "\(label) should log the mismatch once in three polls: \(errors)")
            #expect(errors.first?.message.contains("response field data.list: is missing; data has keys records") == true, "\(errors)")
        }
        await sim.stop()
    }
}

/// `redis-cli`, to look at the keys a fleet wrote as an operator would.
enum RedisCLI {
    /// Every key, sorted.
    /// The shared keys in the server (the fleet's own `redgreen:*` keys, ledger, lease and
    /// sequence, left out).
    static func keys(port: Int) async throws -> [String] {
        let child = try ChildProcess("/usr/bin/env", ["redis-cli", "-p", "\(port)", "--raw", "KEYS", "*"])
        guard await child.waitForExit(timeout: .seconds(60)) == 0 else { throw Failed(stderr: child.stderr) }
        return child.stdout.split(separator: "\n").map(String.init).filter { !$0.isEmpty && !$0.hasPrefix("redgreen:") }.sorted()
    }

    struct Failed: Error, CustomStringConvertible {
        var stderr: String
        var description: String { "redis-cli failed: \(stderr)" }
    }
}

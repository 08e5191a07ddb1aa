// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import Foundation
import Logging
import RedisClient
import TestHarness
import Testing

/// The original design's four test scenarios, against a real redis-server and the simulator.
@Suite(.serialized) struct FleetScenarioTests {
    @Test func normalOperationAllBotsShowTheSameResultsAndOnlyTheMasterCallsTheAPI() async throws {
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let sim = try await RunningSimulator.start()
        let fleet = try TestFleet(redisURL: redis.url, upstreamURL: sim.url)

        await fleet.pollMaster()
        #expect(await fleet.pollReaders().values.allSatisfy { $0 == .store })
        for _ in 0..<3 {
            sim.state.publish()
            await fleet.pollMaster()
            #expect(await fleet.pollReaders().values.allSatisfy { $0 == .store })
        }
        let expected = Array((sim.latestIssue - 3)...sim.latestIssue)
        for code in fleet.all {
            #expect(fleet.issues(code) == expected, "\(code) posted \(fleet.issues(code))")
            #expect(fleet.sinks[code]!.posts.map(\.colorNames) == fleet.sinks["en"]!.posts.map(\.colorNames))
        }
        let agents = sim.state.requestCounts.byUserAgent
        #expect(agents.keys.count == 1)
        #expect(agents.keys.first?.contains("(en; master)") == true)
        await sim.stop()
    }

    @Test func redisUnavailableAllContinueViaTheAPIAndReturnWhenItIsBack() async throws {
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let sim = try await RunningSimulator.start()
        let fleet = try TestFleet(redisURL: redis.url, upstreamURL: sim.url)
        await fleet.pollMaster()
        await fleet.pollReaders()

        redis.stop()
        sim.state.publish()
        await fleet.pollMaster()
        let sources = await fleet.pollReaders()
        #expect(sources.values.allSatisfy { $0 == .api }, "\(sources)")
        for code in fleet.all { #expect(fleet.issues(code).last == sim.latestIssue, "\(code)") }

        try redis.restart()
        sim.state.publish()
        await fleet.pollMaster()
        #expect(await fleet.pollReadersUntilStore())
        for code in fleet.all {
            let issues = fleet.issues(code)
            #expect(issues.last == sim.latestIssue, "\(code)")
            #expect(Set(issues).count == issues.count, "\(code) posted a draw twice: \(issues)")
        }
        await sim.stop()
    }

    @Test func staleDataIsDetectedAndTheAPIUsed() async throws {
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let sim = try await RunningSimulator.start()
        let wall = ManualWallClock(millis: Int64(Date().timeIntervalSince1970 * 1000))
        // The default freshness (10 s): the snapshot is made eleven seconds old below.
        let fleet = try TestFleet(redisURL: redis.url, upstreamURL: sim.url, wallClock: wall, freshness: "10s")
        await fleet.pollMaster()
        #expect(await fleet.pollReaders().values.allSatisfy { $0 == .store })
        sim.state.resetCounts()

        // The master stops; eleven seconds on (as the server counts: the key's TTL runs down), its
        // snapshot is stale and a new draw is out.
        let admin = RedisClient(configuration: RedisConfiguration(endpoint: try RedisEndpoint(url: redis.url)), logger: Logger(label: "t"))
        _ = try await admin.send(["PEXPIRE", "fivem_red_green_shared_data", "289000"])
        sim.state.publish()
        // Readers first give a standby master one lease period to take over...
        #expect(await fleet.pollReaders().values.allSatisfy { $0 == .none })
        #expect(sim.state.requestCounts.total == 0)
        // ...then call the game API.
        wall.advance(by: fleet.configs["vi"]!.shared.leaseTTL)
        let sources = await fleet.pollReaders()
        #expect(sources.values.allSatisfy { $0 == .api }, "\(sources)")
        #expect(sim.state.requestCounts.total == TestFleet.readerCodes.count)
        for code in TestFleet.readerCodes { #expect(fleet.issues(code).last == sim.latestIssue) }
        await sim.stop()
    }

    @Test(arguments: [SimulatorFaultCase.error500, .malformed, .empty, .reset, .slow])
    func networkIssuesAreRetriedWithBackoffThenRecover(_ fault: SimulatorFaultCase) async throws {
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let sim = try await RunningSimulator.start()
        // A timeout no healthy request on a loaded machine reaches, and a slow answer well past it,
        // so that exactly the two faulty requests fail.
        let fleet = try TestFleet(redisURL: redis.url, upstreamURL: sim.url, upstreamTimeout: "3s")
        await fleet.pollMaster()
        sim.state.resetCounts()

        sim.state.setFault(fault.fault, count: 2, delay: .seconds(9))
        sim.state.publish()
        await fleet.pollMaster()
        #expect(fleet.issues("en").last == sim.latestIssue)
        #expect(sim.state.requestCounts.total == 3, "two failed attempts, then success")
        #expect(await fleet.pollReaders().values.allSatisfy { $0 == .store })
        for code in fleet.all { #expect(fleet.issues(code).last == sim.latestIssue) }
        await sim.stop()
    }

    @Test func readersRetryTheAPIWhenRedisIsDownAndTheAPIFailsAtFirst() async throws {
        let redis = try RedisServerProcess.start()
        let sim = try await RunningSimulator.start()
        let fleet = try TestFleet(redisURL: redis.url, upstreamURL: sim.url)
        redis.stop()
        sim.state.setFault(.error500, count: 3)
        let sources = await fleet.pollReaders()
        #expect(sources.values.allSatisfy { $0 == .api }, "\(sources)")
        for code in TestFleet.readerCodes { #expect(fleet.issues(code) == [sim.latestIssue]) }
        await sim.stop()
    }
}

/// The simulator faults a retry recovers from.
enum SimulatorFaultCase: String, CaseIterable, Sendable {
    case error500, malformed, empty, reset, slow
    var fault: SimulatorFault {
        switch self {
        case .error500: .error500
        case .malformed: .malformed
        case .empty: .empty
        case .reset: .reset
        case .slow: .slow
        }
    }
}

import GameSimulator

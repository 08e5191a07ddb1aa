// SPDX-License-Identifier: Apache-2.0
import Foundation
import GameSimulator
import TestHarness
import Testing

/// The game API misbehaves under a running fleet (timeouts are 3 s, three attempts a poll):
/// no bot posts anything wrong, and every draw is posted once when the API answers again.
@Suite(.serialized) struct FaultUpstreamTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var fault: SimulatorFault
        /// Requests the fault lasts for; nil: until the scenario clears it.
        var count: Int?
        var delay: Duration?
        /// Draws published while the fault lasts.
        var draws = 1
        /// What the lease holder's log says about it, if anything.
        var log: String?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "HTTP 500", fault: .error500, count: 6, log: "HTTP 500"),
        Case(name: "malformed JSON", fault: .malformed, count: 6, log: "not valid JSON"),
        Case(name: "slow beyond the timeout", fault: .slow, count: 4, delay: .seconds(8), log: "timed out"),
        Case(name: "hung connection", fault: .slow, count: 3, delay: .seconds(25), log: "timed out"),
        Case(name: "empty records", fault: .empty, count: 6),
        Case(name: "connection reset", fault: .reset, count: 6),
        Case(name: "out-of-order issues", fault: .shuffled, draws: 3),
        Case(name: "repeated issues", fault: .repeated, draws: 3),
    ]

    @Test(arguments: cases) func theFleetRidesOutAMisbehavingGameAPI(_ scenario: Case) async throws {
        let fleet = try await FaultFleet.start()
        fleet.sim.state.setFault(scenario.fault, count: scenario.count, delay: scenario.delay)
        var issues: [Int64] = []
        for _ in 0..<scenario.draws {
            issues.append(fleet.publish())
            try await Task.sleep(for: .milliseconds(400))
        }
        let start = ContinuousClock.now
        for issue in issues { try await fleet.expectEveryonePosts(issue, within: .seconds(60), "\(scenario.name):") }
        fleet.report("upstream \(scenario.name)", recovered: ContinuousClock.now - start)
        if let log = scenario.log {
            #expect(fleet.current("en").stderr.contains(log), "the master did not log '\(log)': \(fleet.current("en").stderr.suffix(3000))")
        }
        fleet.sim.state.setFault(.none)
        try await fleet.expectBackOnTheSnapshot(within: .seconds(60))
        await fleet.finish()
    }
}

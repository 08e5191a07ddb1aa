// SPDX-License-Identifier: Apache-2.0
import Foundation
import TestHarness
import Testing

/// Leadership follows health, with real processes: the lease holder's game API refuses it (HTTP
/// 403 to its User-Agent, as an API that blocks its address), and a standby that can reach the
/// API takes over, while two readers keep posting every draw once.
@Suite(.serialized) struct FaultHandoverTests {
    @Test func aHolderThatCannotReachTheGameAPIHandsTheLeaseToAStandbyThatCan() async throws {
        var options = FaultFleet.Options()
        options.standby = true
        options.handoverAfter = "3s"
        let fleet = try await FaultFleet.start(options)
        let en = fleet.current("en")
        let vi = fleet.current("vi")

        // The API refuses en (its polls and its probes): en hands over, vi takes the lease.
        let start = ContinuousClock.now
        fleet.sim.state.refuse(userAgentContaining: "(en; master")
        let during = fleet.publish()
        #expect(await en.waitFor(timeout: .seconds(30)) { $0.stderr.contains("Handing the lease over") }, "\(en.stderr.suffix(3000))")
        #expect(await vi.waitFor(timeout: .seconds(30)) { $0.stderr.contains("Took the lease") }, "\(vi.stderr.suffix(3000))")
        fleet.report("lease holder's game API refuses it (the standby took the lease)", recovered: ContinuousClock.now - start)
        try await fleet.expectEveryonePosts(during, within: .seconds(30), "after the handover,")

        // en stands by and, while its probes fail, leaves the lease to vi: vi polls alone.
        fleet.sim.state.resetCounts()
        for _ in 0..<2 { try await fleet.expectEveryonePosts(fleet.publish(), within: .seconds(30), "vi leading,") }
        let polls = fleet.pollers()
        #expect(polls.keys.allSatisfy { $0.contains("(vi; master)") }, "\(polls)")
        #expect(en.stderr.components(separatedBy: "Took the lease").count == 2, "en took the lease back while refused: \(en.stderr.suffix(3000))")

        // The API answers en again: its next probe says it could lead; vi keeps the lease.
        fleet.sim.state.refuse(userAgentContaining: nil)
        #expect(await en.waitFor(timeout: .seconds(30)) { $0.stderr.contains("Game API probe succeeded") }, "\(en.stderr.suffix(3000))")
        try await fleet.expectEveryonePosts(fleet.publish(), within: .seconds(30), "after en's API came back,")
        await fleet.finish()
    }
}

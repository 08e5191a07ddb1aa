// SPDX-License-Identifier: Apache-2.0
import Foundation
import TestHarness
import Testing

/// Standby masters on a fenced lease, with real processes: the lease holder killed, then the next
/// holder frozen past its lease, while a standby and two readers keep posting.
@Suite(.serialized) struct FaultLeaseTests {
    @Test func aKilledLeaseHolderIsReplacedAndAPausedOneIsFencedOff() async throws {
        var options = FaultFleet.Options()
        options.standby = true
        options.readerPoll = "20s"  // so that draws reach readers by push, not by their poll
        let fleet = try await FaultFleet.start(options)

        // Healthy: one poll stream, the lease holder's; push brings each draw to the readers long
        // before their 20 s poll would. A round in which the machine stalled past the standby's
        // freshness may see the standby read the game API itself, as a reader with a stale snapshot
        // does (a loaded CI run did once); so of up to five rounds, one must have en's polls alone.
        var healthy: [String: Int] = [:]
        for _ in 0..<5 {
            fleet.sim.state.resetCounts()
            try await fleet.expectEveryonePosts(fleet.publish(), within: .seconds(30), "healthy,")
            healthy = fleet.pollers()
            if healthy.keys.allSatisfy({ $0.contains("(en; master)") }) { break }
        }
        #expect(healthy.keys.allSatisfy { $0.contains("(en; master)") }, "\(healthy)")

        // The holder dies: the standby takes over within the lease and a poll. The game API's
        // counts start once it is dead (a poll it made between the reset and the kill was counted as
        // en's, once, on a loaded run).
        var start = ContinuousClock.now
        fleet.current("en").signal(SIGKILL)
        _ = await fleet.current("en").waitForExit(timeout: ChildProcess.stopDeadline)
        fleet.sim.state.resetCounts()
        #expect(await fleet.current("vi").waitFor(timeout: .seconds(30)) { $0.stderr.contains("Took the lease") }, "\(fleet.current("vi").stderr)")
        fleet.report("lease holder killed (the standby took the lease)", recovered: ContinuousClock.now - start)
        let afterKill = fleet.publish()
        // en comes back as a standby and catches up on what it missed.
        try fleet.launch("en", role: "master")
        try await fleet.expectEveryonePosts(afterKill, within: .seconds(30), "after the kill,")
        let takeover = fleet.pollers()
        #expect(takeover.keys.allSatisfy { $0.contains("(vi; master)") }, "\(takeover)")

        // The new holder (vi) is frozen past its lease: en takes over; when vi wakes, its write is
        // refused and it stands by.
        start = ContinuousClock.now
        fleet.current("vi").signal(SIGSTOP)
        #expect(await fleet.current("en").waitFor(timeout: .seconds(30)) { $0.stderr.contains("Took the lease") }, "\(fleet.current("en").stderr)")
        fleet.report("lease holder frozen (the standby took the lease)", recovered: ContinuousClock.now - start)
        let whileFrozen = fleet.publish()
        fleet.current("vi").signal(SIGCONT)
        #expect(
            await fleet.current("vi").waitFor(timeout: .seconds(30)) {
                $0.stderr.contains("another master holds the lease now") || $0.stderr.contains("Lost the lease")
            },
            "\(fleet.current("vi").stderr)"
        )
        try await fleet.expectEveryonePosts(whileFrozen, within: .seconds(30), "after the freeze,")
        try await fleet.expectEveryonePosts(fleet.publish(), within: .seconds(30), "after vi stood by,")
        await fleet.finish()
    }
}

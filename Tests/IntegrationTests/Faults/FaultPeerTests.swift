// SPDX-License-Identifier: Apache-2.0
import Foundation
import TestHarness
import Testing

/// Redis killed under a fleet whose master advertises its snapshot endpoint (issue 15, item 4):
/// while the master lives, readers take every draw from it and never call the game API; when it
/// dies too, they fall back to the game API.
@Suite(.serialized) struct FaultPeerTests {
    @Test func redisKilledWithAMasterAliveThenTheMasterKilledToo() async throws {
        var options = FaultFleet.Options()
        options.readers = ["ja", "id", "vi"]
        options.advertise = true
        let fleet = try await FaultFleet.start(options)
        // Readers learn the lease holder's address from the snapshots they read.
        try await fleet.expectEveryonePosts(fleet.publish(), within: .seconds(30), "before the kill,")
        fleet.redis.stop()  // SIGKILL
        fleet.sim.state.resetCounts()
        var took: Duration = .zero
        for _ in 0..<3 {
            took = max(took, try await fleet.expectEveryonePosts(fleet.publish(), within: .seconds(30), "with Redis down and the master alive,"))
        }
        fleet.report("redis killed, master serving its snapshot", recovered: took)
        let readerCalls = fleet.pollers().filter { !$0.key.contains("; master)") }
        #expect(readerCalls.isEmpty, "readers called the game API with a master alive: \(readerCalls)")
        for code in options.readers {
            #expect(
                fleet.current(code).stderr.contains("shared data read from the lease holder"), "\(code): \(fleet.current(code).stderr.suffix(3000))")
        }

        fleet.current("en").signal(SIGKILL)
        _ = await fleet.current("en").waitForExit(timeout: .seconds(10))
        let orphaned = fleet.publish()
        for code in options.readers {
            let posted = await fleet.current(code).waitFor(timeout: .seconds(60)) { _ in fleet.posted(code).contains(orphaned) }
            #expect(posted, "\(code) did not post \(orphaned) from the game API: \(fleet.current(code).stderr.suffix(3000))")
        }
        let fallbacks = fleet.pollers().filter { !$0.key.contains("; master)") }
        #expect(options.readers.allSatisfy { code in fallbacks.keys.contains { $0.contains("(\(code); reader)") } }, "\(fallbacks)")
        await fleet.finish(stopped: ["en"])
    }
}

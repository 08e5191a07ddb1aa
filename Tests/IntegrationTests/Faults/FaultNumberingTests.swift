// SPDX-License-Identifier: Apache-2.0
import Foundation
import TestHarness
import Testing

/// The game's issue numbers go back under a running fleet (issue 19): one record with issue
/// 9223372036854775807, then the game API's real numbers again. Every bot used to post the absurd
/// draw and then nothing more, silently and ready; now each follows the real numbers back once
/// new draws confirm them, and posts every draw after the absurd one.
@Suite(.serialized) struct FaultNumberingTests {
    @Test func theFleetFollowsTheRealNumbersBackAfterAnAbsurdIssue() async throws {
        let fleet = try await FaultFleet.start()
        let real = fleet.publish()
        try await fleet.expectEveryonePosts(real, within: .seconds(60), "before the absurd issue,")
        fleet.sim.state.publish(issue: .max)
        try await fleet.expectEveryonePosts(.max, within: .seconds(60), "the absurd issue,")
        fleet.sim.state.withdraw(issue: .max)

        // New draws until every bot has followed the real numbers back: two new draws confirm
        // them, a bot that sees the feed less often than draws come may need a few more.
        let start = ContinuousClock.now
        let followed = "The game's issue numbers went back from 9223372036854775807"
        var published: [Int64] = []
        while ContinuousClock.now - start < .seconds(120), !fleet.codes.allSatisfy({ fleet.current($0).stderr.contains(followed) }) {
            published.append(fleet.publish())
            try await Task.sleep(for: .milliseconds(1500))
        }
        published.append(fleet.publish())
        try await fleet.expectEveryonePosts(published.last!, within: .seconds(60), "after the numbers went back,")
        fleet.report("game numbering went back", recovered: ContinuousClock.now - start)
        for code in fleet.codes {
            let log = fleet.current(code).stderr
            #expect(log.contains("is below the last one posted, 9223372036854775807"), "\(code): \(log.suffix(3000))")
            #expect(log.contains(followed), "\(code): \(log.suffix(3000))")
        }
        await fleet.finish(expected: Array(fleet.first...real) + [.max] + published)
    }
}

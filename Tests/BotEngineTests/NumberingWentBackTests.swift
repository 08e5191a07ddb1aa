// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotLocalization
import BotStore
import BotSupport
import Logging
import Testing

/// A game whose issue numbers went back (issue 19): one record with issue 9223372036854775807, or a
/// reset, silenced the bot until the game passed the old number (for good, or for a week after a
/// restart), while it stayed ready and logged nothing. Now a lower numbering is followed once new
/// draws confirm it, and meanwhile the bot is not ready and says why.
@Suite struct NumberingWentBackTests {
    func draws(_ issues: [Int64]) -> [Draw] { issues.map { Fixtures.draw($0) } }

    @Test func anAbsurdIssueIsFollowedBackOnceTwoNewDrawsConfirmTheRealNumbers() {
        var tracker = DrawTracker(maxCatchUp: 10)
        _ = tracker.select(from: draws([4, 5]))
        #expect(tracker.select(from: draws([5, .max])).draws.map(\.issue) == [.max])
        let first = tracker.select(from: draws([5, 6]))
        #expect(first.draws.isEmpty)
        #expect(first.heldBack == DrawTracker.Behind(first: 6, newest: 6, advances: 0))
        #expect(tracker.select(from: draws([5, 6])).heldBack?.advances == 0)
        #expect(tracker.select(from: draws([6, 7])).heldBack?.advances == 1)
        let followed = tracker.select(from: draws([6, 7, 8]))
        #expect(followed.draws.map(\.issue) == [6, 7, 8])
        #expect(followed.followed == DrawTracker.Rewind(from: .max, to: 8, resumePoint: 5))
        #expect(followed.heldBack == nil)
        #expect(tracker.select(from: draws([7, 8, 9])).draws.map(\.issue) == [9])
    }

    @Test func aResetToOneIsFollowedAsADigestPastTheCatchUpCap() {
        var tracker = DrawTracker(maxCatchUp: 2, lastIssue: 1_000_000)
        #expect(tracker.select(from: draws([1])).draws.isEmpty)
        #expect(tracker.select(from: draws([1, 2])).draws.isEmpty)
        let followed = tracker.select(from: draws([1, 2, 3]))
        #expect(followed.draws.map(\.issue) == [1, 2, 3])
        #expect(followed.digest)
        #expect(followed.followed == DrawTracker.Rewind(from: 1_000_000, to: 3, resumePoint: 0))
    }

    /// A bot that first sees the lower numbering a few draws in (a reader polling less often than
    /// draws come) still posts every draw after the last real one it posted.
    @Test func noDrawOfTheLowerNumberingIsLostToALatePoll() {
        var tracker = DrawTracker(maxCatchUp: 10)
        _ = tracker.select(from: draws([4, 5]))
        _ = tracker.select(from: draws([5, .max]))
        #expect(tracker.select(from: draws([5, 6, 7])).heldBack != nil)
        #expect(tracker.select(from: draws([5, 6, 7, 8])).heldBack != nil)
        let followed = tracker.select(from: draws([5, 6, 7, 8, 9]))
        #expect(followed.draws.map(\.issue) == [6, 7, 8, 9])
        #expect(followed.followed?.resumePoint == 5)
    }

    /// A copy of the window that lags behind what was posted and catches up never posts a draw
    /// twice: posting takes up after the highest issue posted at or below its newest.
    @Test func aLaggingCopyOfTheWindowPostsNothingTwice() {
        var tracker = DrawTracker(maxCatchUp: 10)
        _ = tracker.select(from: draws([90]))
        #expect(tracker.select(from: draws(Array(91...100))).draws.count == 10)
        #expect(tracker.select(from: draws(Array(86...95))).heldBack != nil)
        #expect(tracker.select(from: draws(Array(87...96))).heldBack != nil)
        let followed = tracker.select(from: draws(Array(88...97)))
        #expect(followed.draws.isEmpty)
        #expect(followed.followed?.resumePoint == 97)
    }

    /// A feed that only repeats an older window (a stale cache) shows no new draws: never followed.
    @Test func anOldFeedThatDoesNotMoveIsNeverFollowed() {
        var tracker = DrawTracker(maxCatchUp: 10, lastIssue: 9)
        for _ in 0..<20 { #expect(tracker.select(from: draws([5, 6, 7])).heldBack != nil) }
        #expect(tracker.lastIssue == 9)
        // Back on the real numbers: the watch ends, posting goes on.
        #expect(tracker.select(from: draws([9, 10])).draws.map(\.issue) == [10])
        #expect(tracker.behind == nil)
    }

    @Test func readinessSaysWhyABotThatSeesDrawsPostsNone() {
        var health = HealthState(window: .seconds(30))
        health.record(.freshRead, atMillis: 1000)
        health.holdPosting("the game's newest draw (6) is below the last one posted (9)")
        let held = health.readiness(atMillis: 1000)
        #expect(!held.isReady)
        #expect(held.reason == "not ready: sees new draws but posts none: the game's newest draw (6) is below the last one posted (9)")
        health.holdPosting(nil)
        #expect(health.readiness(atMillis: 1000).isReady)
    }

    /// The whole path through a poster with a ledger: the bot posts again, is not ready meanwhile,
    /// and the ledger's resume point moves back, so a restart does not resume after the absurd issue.
    @Test func aPosterFollowsTheNumbersBackAndARestartResumesInThem() async throws {
        let wall = ManualWallClock()
        let ledger = InMemoryDeliveryLedger()
        let base = TestBot(.reader, locale: "en").with {
            $0.parts.ledger = ledger
            $0.parts.wallClock = wall
            $0.logger = Logger(label: "t")
        }
        func poster(_ sink: RecordingSink) throws -> DrawPoster {
            try base.with { $0.parts.sinks = [sink] }.poster()
        }
        let sink = RecordingSink()
        let first = try poster(sink)
        try await withRunningPosters([first]) {
            first.monitor.record(.freshRead)
            await first.offer(draws([4, 5]))
            await first.offer(draws([5, .max]))
            await first.offer(draws([5, 6]))
            let held = first.monitor.readiness()
            #expect(!held.isReady)
            #expect(
                held.reason.hasPrefix(
                    "not ready: sees new draws but posts none: the game's newest draw (6) is below the last one posted (9223372036854775807)"))
            await first.offer(draws([6, 7]))
            await first.offer(draws([6, 7, 8]))
            #expect(first.monitor.readiness().isReady)
            await first.idle()
        }
        #expect(sink.issues == [5, .max, 6, 7, 8])
        #expect(try await ledger.resumePoint(locale: "en", sinks: [sink.name]) == 8)

        let again = RecordingSink()
        let restarted = try poster(again)
        try await withRunningPosters([restarted]) {
            await restarted.offer(draws([7, 8, 9]))
            await restarted.idle()
        }
        #expect(again.issues == [9])
    }
}

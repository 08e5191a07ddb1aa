// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotSupport
import Testing

@Suite struct DrawTrackerTests {
    func draws(_ issues: [Int64]) -> [Draw] { issues.map { Fixtures.draw($0) } }

    @Test func firstFeedPostsOnlyTheLatest() {
        var tracker = DrawTracker(maxCatchUp: 10)
        #expect(tracker.select(from: draws([1, 2, 3])).draws.map(\.issue) == [3])
    }

    @Test func laterFeedsPostEveryNewDrawInIssueOrderOnce() {
        var tracker = DrawTracker(maxCatchUp: 10)
        _ = tracker.select(from: draws([1, 2, 3]))
        #expect(tracker.select(from: draws([2, 3, 4, 5, 6])).draws.map(\.issue) == [4, 5, 6])
        #expect(tracker.select(from: draws([4, 5, 6])).draws.isEmpty)
    }

    @Test func anOlderFeedPostsNothing() {
        var tracker = DrawTracker(maxCatchUp: 10)
        _ = tracker.select(from: draws([8, 9]))
        #expect(tracker.select(from: draws([5, 6, 7])).draws.isEmpty)
        #expect(tracker.lastIssue == 9)
    }

    @Test func upToMaxCatchUpNewDrawsArePostedEachOnItsOwn() {
        var tracker = DrawTracker(maxCatchUp: 3, lastIssue: 10)
        let selection = tracker.select(from: draws([9, 10, 11, 12, 13]))
        #expect(selection.draws.map(\.issue) == [11, 12, 13])
        #expect(!selection.digest)
    }

    /// Past `max_catch_up` nothing is dropped: one digest covers every new draw, in order.
    @Test func moreThanMaxCatchUpNewDrawsAreOneDigestCoveringAllInOrder() {
        var tracker = DrawTracker(maxCatchUp: 2, lastIssue: 10)
        let selection = tracker.select(from: draws([11, 12, 13, 14, 15]))
        #expect(selection.draws.map(\.issue) == [11, 12, 13, 14, 15])
        #expect(selection.digest)
        #expect(tracker.lastIssue == 15)
        #expect(tracker.select(from: draws([14, 15, 16])).digest == false)
    }

    /// After a restart, the first feed's missed draws past `max_catch_up` are one digest too.
    @Test func aResumeWithMoreThanMaxCatchUpMissedDrawsIsOneDigest() {
        var tracker = DrawTracker(maxCatchUp: 10, lastIssue: 1)
        let selection = tracker.select(from: draws(Array(1...41)))
        #expect(selection.draws.map(\.issue) == Array(2...41))
        #expect(selection.digest)
        var exact = DrawTracker(maxCatchUp: 10, lastIssue: 1)
        #expect(exact.select(from: draws(Array(1...11))).digest == false)
    }

    @Test func retryPolicyDoublesUpToItsCeilingWithBoundedJitter() {
        let policy = RetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(100), maxDelay: .milliseconds(500))
        #expect(policy.delay(afterAttempt: 1, jitter: 1) == .milliseconds(100))
        #expect(policy.delay(afterAttempt: 2, jitter: 1) == .milliseconds(200))
        #expect(policy.delay(afterAttempt: 3, jitter: 1) == .milliseconds(400))
        #expect(policy.delay(afterAttempt: 4, jitter: 1) == .milliseconds(500))
        #expect(policy.delay(afterAttempt: 2, jitter: 0) == .milliseconds(100))
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotEngine
import Testing

/// The pause between a reader's long polls of a peer (issue 27): none after a poll the peer held,
/// a growing one while the peer keeps answering at once.
@Suite struct LongPollPacingTests {
    @Test func answersAtOnceArePausedForLongerAndLongerUpToThePollInterval() {
        var pacing = LongPollPacing(maximum: .seconds(2))
        let pauses = (0..<8).map { _ in pacing.pause(afterPollThatTook: .milliseconds(3)) }
        #expect(
            pauses == [100, 200, 400, 800, 1600, 2000, 2000, 2000].map { Duration.milliseconds($0) })
        #expect(pauses.allSatisfy { $0 >= LongPollPacing.minimumPause })
    }

    @Test func aPollThePeerHeldIsFollowedAtOnceAndStartsTheScheduleOver() {
        var pacing = LongPollPacing(maximum: .seconds(2))
        _ = pacing.pause(afterPollThatTook: .zero)
        _ = pacing.pause(afterPollThatTook: .zero)
        #expect(pacing.pause(afterPollThatTook: .seconds(3)) == .zero)
        #expect(pacing.quickInARow == 0)
        #expect(pacing.pause(afterPollThatTook: .milliseconds(99)) == .milliseconds(100))
    }

    @Test func aMaximumBelowTheMinimumPauseStillPausesTheMinimum() {
        var pacing = LongPollPacing(maximum: .milliseconds(50))
        #expect(pacing.pause(afterPollThatTook: .zero) == .milliseconds(100))
        #expect(pacing.pause(afterPollThatTook: .zero) == .milliseconds(100))
    }

    /// Thousands of quick answers in a row neither overflow nor stop pausing.
    @Test func aLongRunOfQuickAnswersStaysAtTheMaximum() {
        var pacing = LongPollPacing(maximum: .seconds(2))
        for _ in 0..<10_000 { _ = pacing.pause(afterPollThatTook: .zero) }
        #expect(pacing.pause(afterPollThatTook: .zero) == .seconds(2))
    }
}

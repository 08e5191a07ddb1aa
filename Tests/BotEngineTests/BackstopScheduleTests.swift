// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotStore
import BotSupport
import Testing

/// The reader's backstop, without I/O: rare while subscribed, every poll interval while not.
@Suite struct BackstopScheduleTests {
    static let stored = StoredSnapshot.primary([], remainingMillis: 298_000)
    static let fresh = SnapshotReading.fresh(DrawFeed(draws: [], raw: []), ageMillis: 2000, legacy: false, sequence: 7)

    @Test func theDelayIsPollIntervalUnlessSubscribed() {
        var schedule = BackstopSchedule(pollIntervalMillis: 2000, freshnessMillis: 10_000)
        #expect(schedule.delayMillis == 2000)
        schedule.subscription(live: true)
        #expect(schedule.delayMillis == 2000, "subscribed, but no fresh read yet")
        schedule.read(Self.stored, Self.fresh)
        #expect(schedule.delayMillis == 5000)
        schedule.subscription(live: false)
        #expect(schedule.delayMillis == 2000)
        // Never more often than the poll interval.
        var slow = BackstopSchedule(pollIntervalMillis: 8000, freshnessMillis: 10_000)
        slow.subscription(live: true)
        slow.read(Self.stored, Self.fresh)
        #expect(slow.delayMillis == 8000)
    }

    @Test func onlyASubscribedReaderThatKnowsTheWritersTTLChecksTheTTLAlone() {
        var schedule = BackstopSchedule(pollIntervalMillis: 2000, freshnessMillis: 10_000)
        schedule.read(Self.stored, Self.fresh)
        #expect(schedule.writerTTL == 300_000)
        #expect(!schedule.checksRemainingOnly, "not subscribed")
        schedule.subscription(live: true)
        #expect(schedule.checksRemainingOnly)
        #expect(schedule.freshAge(remainingMillis: 291_000) == 9000)
        #expect(schedule.freshAge(remainingMillis: 290_000) == nil, "10 s old: stale")
        #expect(schedule.freshAge(remainingMillis: nil) == nil, "missing")
        schedule.subscription(live: false)
        #expect(!schedule.checksRemainingOnly)
    }

    @Test func afterAFailedCheckItReadsEveryPollIntervalUntilAFreshRead() {
        var schedule = BackstopSchedule(pollIntervalMillis: 2000, freshnessMillis: 10_000)
        schedule.subscription(live: true)
        schedule.read(Self.stored, Self.fresh)
        schedule.failed()
        #expect(schedule.delayMillis == 2000)
        #expect(!schedule.checksRemainingOnly)
        schedule.read(Self.stored, SnapshotReading.missing)
        #expect(schedule.delayMillis == 2000, "not fresh: still failing")
        schedule.read(Self.stored, Self.fresh)
        #expect(schedule.delayMillis == 5000)
        #expect(schedule.checksRemainingOnly)
    }

    @Test(arguments: [
        (stored, SnapshotReading.stale(ageMillis: 12_000)),
        (stored, SnapshotReading.missing),
        (stored, SnapshotReading.corrupt("x")),
        (stored, SnapshotReading.fresh(DrawFeed(draws: [], raw: []), ageMillis: 2000, legacy: false, sequence: nil)),
        (StoredSnapshot.legacy([], remainingMillis: 298_000), SnapshotReading.fresh(DrawFeed(draws: [], raw: []), ageMillis: 2000, legacy: true)),
    ])
    func anyOtherReadForgetsTheTTL(stored: StoredSnapshot, reading: SnapshotReading) {
        var schedule = BackstopSchedule(pollIntervalMillis: 2000, freshnessMillis: 10_000)
        schedule.subscription(live: true)
        schedule.read(Self.stored, Self.fresh)
        schedule.read(stored, reading)
        #expect(schedule.writerTTL == nil)
        #expect(!schedule.checksRemainingOnly)
        // A stale or missing snapshot (its master may be gone): read every poll interval, so the
        // fallback to the game API comes as soon as without push (it came a live delay later).
        #expect(schedule.delayMillis == 2000)
    }
}

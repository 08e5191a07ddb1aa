// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotStore
import Logging
import Synchronization
import Testing

/// The summary line, its counts, the stats hash it shares, and the service that logs it.
@Suite struct SummaryTests {
    func readerCounts(hits: Int, misses: Int, failedFallbacks: Int = 0, posts: Int, last: Int64?) -> SummaryCounts {
        var counts = SummaryCounts()
        for _ in 0..<hits { counts.record(.freshRead) }
        for index in 0..<misses { counts.record(.fallback(reason: "stale", failure: index < failedFallbacks ? "timeout" : nil)) }
        for index in 0..<posts { counts.recordDelivery(issue: (last ?? 0) - Int64(posts - 1 - index), sent: true) }
        return counts
    }

    @Test func aReaderSaysItsHitRateFallbacksPostsAndLastDraw() {
        let counts = readerCounts(hits: 294, misses: 6, posts: 150, last: 12345)
        #expect(
            counts.line(role: .reader, interval: .seconds(300))
                == "Summary (5m): Redis hit rate 98% (294/300), 6 fallbacks, 150 posts, last draw 12345")
    }

    @Test func theHitRateRoundsDownAndIsNotApplicableWithoutReads() {
        #expect(readerCounts(hits: 299, misses: 1, posts: 0, last: nil).hitRatePercent == 99)
        let idle = SummaryCounts()
        #expect(idle.hitRatePercent == nil)
        #expect(
            idle.line(role: .reader, interval: .seconds(60)) == "Summary (1m): Redis hit rate n/a (0/0), 0 fallbacks, 0 posts, no draw posted yet")
    }

    @Test func failuresAreCountedOnlyWhenThereAreSome() {
        var counts = readerCounts(hits: 1, misses: 2, failedFallbacks: 1, posts: 1, last: 7)
        counts.recordDelivery(issue: 8, sent: false)
        #expect(
            counts.line(role: .reader, interval: .seconds(30))
                == "Summary (30s): Redis hit rate 33% (1/3), 2 fallbacks, 1 of them failed, 1 post, 1 failed post, last draw 7")
    }

    @Test func aMasterSaysItsWrites() {
        var counts = SummaryCounts()
        for _ in 0..<149 { counts.record(.masterWrite(failure: nil)) }
        counts.record(.masterWrite(failure: "timeout"))
        counts.record(.upstreamFailed("status:500"))
        counts.recordDelivery(issue: 10, sent: true)
        #expect(
            counts.line(role: .master, interval: .seconds(300))
                == "Summary (5m): 149 Redis writes, 1 failed write, 1 failed game API poll, 1 post, last draw 10")
    }

    @Test func aNewIntervalStartsAtZeroAndKeepsTheLastDraw() {
        let next = readerCounts(hits: 3, misses: 1, posts: 2, last: 99).nextInterval()
        var expected = SummaryCounts()
        expected.lastIssue = 99
        #expect(next == expected)
    }

    @Test func statsRoundTripThroughTheHashFields() {
        let counts = readerCounts(hits: 5, misses: 2, failedFallbacks: 1, posts: 3, last: 1010)
        let stats = BotStats(locale: "vi", role: "reader", intervalMillis: 300_000, updatedMillis: 1_740_000_000_000, counts: counts)
        let fields = Dictionary(uniqueKeysWithValues: stats.fields)
        #expect(fields["hits"] == "5" && fields["reads"] == "7" && fields["last_issue"] == "1010")
        #expect(BotStats(locale: "vi", fields: fields) == stats)
        #expect(BotStats(locale: "vi", fields: ["hits": "5"]) == nil)
    }

    @Test func theServiceLogsTheLineWithThePrefixAndSharesTheCounts() async throws {
        let wall = ManualWallClock()
        let monitor = BotMonitor(locale: "vi", role: .reader, readinessWindow: .seconds(30), wallClock: wall)
        monitor.record(.freshRead)
        monitor.record(.fallback(reason: "missing", failure: nil))
        monitor.recordDelivery(issue: 1001, sent: true)
        let recorder = LogRecorder()
        let stats = RecordingStats()
        let service = SummaryService(
            monitor: monitor, interval: .seconds(300), stats: stats, wallClock: wall, clock: VirtualClock(), logger: recorder.logger(label: "[VI]")
        )
        await service.summarize()
        #expect(recorder.entries.map(\.message) == ["Summary (5m): Redis hit rate 50% (1/2), 1 fallback, 1 post, last draw 1001"])
        #expect(recorder.entries.map(\.level) == [.info])
        #expect(recorder.entries.map(\.label) == ["[VI]"])
        let shared = try #require(stats.entries.first)
        #expect(shared.stats.counts.hits == 1 && shared.stats.counts.posts == 1 && shared.stats.locale == "vi" && shared.stats.role == "reader")
        #expect(shared.stats.updatedMillis == wall.nowMillis())
        #expect(shared.ttl == .seconds(900))

        await service.summarize()
        #expect(recorder.entries.last?.message == "Summary (5m): Redis hit rate n/a (0/0), 0 fallbacks, 0 posts, last draw 1001")
    }

    @Test func aFailedShareIsLoggedAtDebugOnly() async {
        let monitor = BotMonitor(locale: "ja", role: .reader, readinessWindow: .seconds(30), wallClock: ManualWallClock())
        let recorder = LogRecorder()
        let stats = RecordingStats(failing: true)
        let service = SummaryService(
            monitor: monitor, interval: .seconds(60), stats: stats, wallClock: ManualWallClock(), clock: VirtualClock(),
            logger: recorder.logger(label: "[JP]")
        )
        await service.summarize()
        #expect(recorder.entries.map(\.level) == [.info, .debug])
    }
}

/// Keeps the stats it is given.
final class RecordingStats: StatsRecorder {
    private let state = Mutex<[(stats: BotStats, ttl: Duration)]>([])
    private let failing: Bool
    init(failing: Bool = false) { self.failing = failing }
    func record(_ stats: BotStats, ttl: Duration) async throws {
        if failing { throw StoreError("no Redis") }
        state.withLock { $0.append((stats, ttl)) }
    }
    var entries: [(stats: BotStats, ttl: Duration)] { state.withLock { $0 } }
}

// SPDX-License-Identifier: Apache-2.0
import BlockingIO
import BotEngine
import BotEngineTesting
import BotStore
import BotSupport
import Logging
import Synchronization
import TestHarness
import Testing

/// A reader's tasks prefer its Redis client's thread (issue 29): a draw's ledger claim and mark
/// then run there without a thread hop each, the mark too, though it runs in a task of its own so
/// that a stop cannot cut it short. A master's tasks do too, its polls and their timers.
@Suite struct PreferredExecutorTests {
    @Test func aSinkWorkerThatPrefersAnExecutorClaimsAndMarksItsPostsOnIt() async throws {
        let executor = BlockingExecutor(label: "test-preferred")
        let executorThread = try await executor.run { ThreadRecordingLedger.thisThread() }
        let ledger = ThreadRecordingLedger()
        let worker = SinkWorker(
            sink: RecordingSink(), ledger: ledger, settings: DeliverySettings(), clock: ContinuousClock(), wallClock: ManualWallClock(millis: 0),
            logger: Logger(label: "t"), metrics: BotMetrics(locale: "en"))
        try await PreferredExecutor.run(executor) {
            await withDiscardingTaskGroup { group in
                group.addTask { await worker.run() }
                worker.enqueue(Post(locale: "en", draw: Fixtures.draw(1), colorNames: [], text: "x", postedAtMillis: 0))
                await worker.idle()
                group.cancelAll()
            }
        }
        let calls = ledger.calls
        #expect(calls.map(\.operation) == ["claim", "markSent"])
        #expect(calls.allSatisfy { $0.thread == executorThread })
        #expect(try await ledger.base.claim(LedgerKey(locale: "en", sink: "recording", issue: 1), ttl: .seconds(60), owner: .current) == .alreadySent)
    }
}

extension PreferredExecutorTests {
    @Test(.timeLimit(.minutes(1))) func aMasterThatPrefersAnExecutorPollsOnItAndItsTimersWakeThere() async throws {
        let executor = BlockingExecutor(label: "test-master")
        let executorThread = try await executor.run { ThreadRecordingLedger.thisThread() }
        let api = ThreadRecordingAPI()
        let store = InMemorySnapshotStore()
        let bot = try TestBot(.master, locale: "en", store: store).with {
            $0.config.upstream.pollInterval = .milliseconds(20)
            $0.config.upstream.schedule = .fixed
        }.bot()
        let master = MasterService(
            config: bot.config, api: api, store: store, poster: bot.poster, renderer: bot.renderer, wallClock: SystemWallClock(),
            clock: ExecutorClock(executor), logger: bot.logger, executor: executor)
        let running = Task { try await master.run() }
        defer { running.cancel() }
        // The first poll at once, the next ones after the poll loop's sleeps.
        #expect(await StoreUpdateTests.eventually { api.threads.count >= 3 })
        #expect(api.threads.allSatisfy { $0 == executorThread })
        #expect(master.isLeader && store.publishCount >= 1)
    }
}

/// A game API that answers the same feed, noting which thread each call ran on.
final class ThreadRecordingAPI: GameAPI {
    private let recorded = Mutex<[UInt]>([])

    var threads: [UInt] { recorded.withLock { $0 } }

    func fetchDraws() async throws -> DrawFeed {
        let thread = ThreadRecordingLedger.thisThread()
        recorded.withLock { $0.append(thread) }
        return Fixtures.feed(1...5)
    }
}

/// The in-memory ledger, noting which thread each claim and mark ran on.
final class ThreadRecordingLedger: DeliveryLedger {
    let base = InMemoryDeliveryLedger()
    private let recorded = Mutex<[(operation: String, thread: UInt)]>([])

    var calls: [(operation: String, thread: UInt)] { recorded.withLock { $0 } }

    static func thisThread() -> UInt { ThreadIdentity.current() }

    private func note(_ operation: String) {
        let thread = Self.thisThread()
        recorded.withLock { $0.append((operation, thread)) }
    }

    func claim(_ key: LedgerKey, ttl: Duration, owner: ClaimOwner) async throws -> ClaimOutcome {
        note("claim")
        return try await base.claim(key, ttl: ttl, owner: owner)
    }
    func takeOver(_ key: LedgerKey, from holder: ClaimOwner, ttl: Duration, owner: ClaimOwner) async throws -> ClaimOutcome {
        try await base.takeOver(key, from: holder, ttl: ttl, owner: owner)
    }
    func markSent(_ key: LedgerKey, retention: Duration) async throws {
        note("markSent")
        try await base.markSent(key, retention: retention)
    }
    func release(_ key: LedgerKey, retention: Duration) async throws { try await base.release(key, retention: retention) }
    func abandon(_ key: LedgerKey) async throws { try await base.abandon(key) }
    func rewind(locale: String, sinks: [String], to issue: Int64, retention: Duration) async throws {
        try await base.rewind(locale: locale, sinks: sinks, to: issue, retention: retention)
    }
    func resumePoint(locale: String, sinks: [String]) async throws -> Int64? { try await base.resumePoint(locale: locale, sinks: sinks) }
}

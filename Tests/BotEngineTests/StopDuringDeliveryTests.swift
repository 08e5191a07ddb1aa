// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotStore
import Logging
import Synchronization
import Testing

/// A graceful stop in the middle of a delivery (issue 19): it left the claim, so the restarted bot
/// waited out its own claim (`delivery.claim_ttl`) and then posted the draw again, even when the
/// chat had taken it. Now the stop leaves the ledger as the restarted bot needs it.
@Suite struct StopDuringDeliveryTests {
    static let key = LedgerKey(locale: "en", sink: "stoppable", issue: 1)

    /// Runs a worker on `sink` with `post`, stops it (cancels it, as a graceful stop does) once the
    /// sink has been called `calls` times, and returns once it has stopped.
    static func stop(_ sink: StoppableSink, ledger: any DeliveryLedger, text: String = "x", after calls: Int = 1, clock: any Clock<Duration>)
        async
    {
        var settings = DeliverySettings()
        settings.maxRetryAfter = .seconds(3600)
        let worker = SinkWorker(
            sink: sink, ledger: ledger, settings: settings, clock: clock, wallClock: ManualWallClock(millis: 0), logger: Logger(label: "t"),
            metrics: BotMetrics(locale: "en"))
        let task = Task { await worker.run() }
        worker.enqueue(Post(locale: "en", draw: Fixtures.draw(1), colorNames: [], text: text, postedAtMillis: 0))
        await sink.waitForCalls(calls)
        task.cancel()
        await task.value
    }

    /// What a restarted bot does with the draw: whether it posted it, and whether it waited first.
    static func restart(on ledger: InMemoryDeliveryLedger) async -> (posted: Bool, waited: Bool) {
        let clock = VirtualClock()
        let sink = StoppableSink(.deliver)
        var settings = DeliverySettings()
        settings.claimTTL = .seconds(120)
        let worker = SinkWorker(
            sink: sink, ledger: ledger, settings: settings, clock: clock, wallClock: ManualWallClock(millis: 0), logger: Logger(label: "t"),
            metrics: BotMetrics(locale: "en"))
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await worker.run() }
            worker.enqueue(Post(locale: "en", draw: Fixtures.draw(1), colorNames: [], text: "x", postedAtMillis: 0))
            await worker.idle()
            group.cancelAll()
        }
        return (!sink.delivered.isEmpty, !clock.sleeps.isEmpty)
    }

    @Test func aRequestCutOffInFlightIsPostedAgainAtOnceAfterARestart() async {
        let ledger = InMemoryDeliveryLedger()
        await Self.stop(StoppableSink(.hang), ledger: CancellationAwareLedger(ledger), clock: VirtualClock())
        let restarted = await Self.restart(on: ledger)
        #expect(restarted.posted)
        #expect(!restarted.waited)
    }

    @Test func aStopWhileWaitingOutARateLimitLeavesTheDrawToTheRestartedBot() async throws {
        let ledger = InMemoryDeliveryLedger()
        await Self.stop(StoppableSink(.rateLimited), ledger: CancellationAwareLedger(ledger), clock: ContinuousClock())
        #expect(try await ledger.resumePoint(locale: "en", sinks: ["stoppable"]) == nil)
        let restarted = await Self.restart(on: ledger)
        #expect(restarted.posted)
        #expect(!restarted.waited)
    }

    /// The chat took the post, and the stop came before the ledger was marked: the mark is made
    /// all the same (a Redis command in a cancelled task fails at once), so it is not posted twice.
    @Test func aPostTheChatTookIsMarkedSentDespiteTheStop() async throws {
        let ledger = InMemoryDeliveryLedger()
        await Self.stop(StoppableSink(.deliverThenStop), ledger: CancellationAwareLedger(ledger), clock: VirtualClock())
        #expect(try await ledger.claim(Self.key, ttl: .seconds(120)) == .alreadySent)
        let restarted = await Self.restart(on: ledger)
        #expect(!restarted.posted)
        #expect(!restarted.waited)
    }

    @Test func aPostStoppedAfterSomeOfItsPartsIsNotPostedAgain() async throws {
        let ledger = InMemoryDeliveryLedger()
        let sink = StoppableSink(.deliverFirstThenHang, maxLength: 3)
        await Self.stop(sink, ledger: CancellationAwareLedger(ledger), text: "abc\ndef\nghi", after: 2, clock: VirtualClock())
        #expect(sink.delivered == ["abc"])
        #expect(try await ledger.claim(Self.key, ttl: .seconds(120)) == .alreadySent)
    }
}

/// A stop while the ledger's claim is in flight (a Redis command cut off by the stop): nothing is
/// posted, and the stop is not reported as the ledger failing ("Delivery ledger unavailable,
/// posting without it (CancellationError())", at warning, on every stop mid-claim before).
@Suite struct StopDuringClaimTests {
    @Test func aStopMidClaimPostsNothingAndReportsNoLedgerFailure() async {
        let ledger = HangingClaimLedger()
        let sink = StoppableSink(.deliver)
        let logs = LogRecorder()
        let worker = SinkWorker(
            sink: sink, ledger: ledger, settings: DeliverySettings(), clock: ContinuousClock(), wallClock: ManualWallClock(millis: 0),
            logger: logs.logger(label: "t"), metrics: BotMetrics(locale: "en"))
        let task = Task { await worker.run() }
        worker.enqueue(Post(locale: "en", draw: Fixtures.draw(1), colorNames: [], text: "x", postedAtMillis: 0))
        await ledger.waitForClaim()
        task.cancel()
        await task.value
        #expect(sink.delivered.isEmpty)
        #expect(logs.entries(atLeast: .info, containing: "Delivery ledger").isEmpty, "\(logs.entries)")
        #expect(logs.entries(atLeast: .info, containing: "Stopped while claiming draw 1 on stoppable; nothing was posted").count == 1)
    }
}

/// A ledger whose claim waits until its task is cancelled, as a Redis command cut off by a stop.
final class HangingClaimLedger: ForwardingDeliveryLedger {
    let base = InMemoryDeliveryLedger()
    private let claiming = Mutex<(started: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    /// Returns once a claim has started.
    func waitForClaim() async {
        await withCheckedContinuation { continuation in
            let now = claiming.withLock { state in
                if state.started { return true }
                state.waiters.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    func claim(_ key: LedgerKey, ttl: Duration, owner: ClaimOwner) async throws -> ClaimOutcome {
        let waiters = claiming.withLock { state in
            state.started = true
            defer { state.waiters = [] }
            return state.waiters
        }
        waiters.forEach { $0.resume() }
        try await Task.sleep(for: .seconds(86_400))
        return try await base.claim(key, ttl: ttl, owner: owner)
    }
}

/// A sink that a test stops in the middle of a delivery.
final class StoppableSink: MessageSink {
    enum Behaviour { case deliver, hang, rateLimited, deliverThenStop, deliverFirstThenHang }
    let name = "stoppable"
    let maxLength: Int?
    private let behaviour: Behaviour
    private let state = Mutex<(calls: Int, delivered: [String], waiters: [(Int, CheckedContinuation<Void, Never>)])>((0, [], []))

    init(_ behaviour: Behaviour, maxLength: Int? = nil) {
        self.behaviour = behaviour
        self.maxLength = maxLength
    }

    var delivered: [String] { state.withLock { $0.delivered } }

    /// Returns once `send` has been called `count` times.
    func waitForCalls(_ count: Int) async {
        await withCheckedContinuation { continuation in
            let now = state.withLock { state in
                if state.calls >= count { return true }
                state.waiters.append((count, continuation))
                return false
            }
            if now { continuation.resume() }
        }
    }

    func send(_ text: String, of post: Post) async throws {
        let (call, ready) = state.withLock { state in
            state.calls += 1
            let ready = state.waiters.filter { $0.0 <= state.calls }.map(\.1)
            state.waiters.removeAll { $0.0 <= state.calls }
            return (state.calls, ready)
        }
        let deliver = {
            self.state.withLock { $0.delivered.append(text) }
        }
        switch behaviour {
        case .deliver:
            deliver()
        case .hang:
            ready.forEach { $0.resume() }
            try await Task.sleep(for: .seconds(86_400))
        case .rateLimited:
            ready.forEach { $0.resume() }
            throw SinkError(.rateLimited(retryAfter: .seconds(3000)), "429")
        case .deliverThenStop:
            deliver()
            withUnsafeCurrentTask { $0?.cancel() }
        case .deliverFirstThenHang:
            if call == 1 {
                deliver()
            } else {
                ready.forEach { $0.resume() }
                try await Task.sleep(for: .seconds(86_400))
            }
            return
        }
        ready.forEach { $0.resume() }
    }
}

/// A ledger whose writes fail in a cancelled task, as the Redis one's do.
final class CancellationAwareLedger: DeliveryLedger {
    let base: InMemoryDeliveryLedger
    init(_ base: InMemoryDeliveryLedger) { self.base = base }
    func claim(_ key: LedgerKey, ttl: Duration, owner: ClaimOwner) async throws -> ClaimOutcome {
        try Task.checkCancellation()
        return try await base.claim(key, ttl: ttl, owner: owner)
    }
    func takeOver(_ key: LedgerKey, from holder: ClaimOwner, ttl: Duration, owner: ClaimOwner) async throws -> ClaimOutcome {
        try Task.checkCancellation()
        return try await base.takeOver(key, from: holder, ttl: ttl, owner: owner)
    }
    func markSent(_ key: LedgerKey, retention: Duration) async throws {
        try Task.checkCancellation()
        try await base.markSent(key, retention: retention)
    }
    func release(_ key: LedgerKey, retention: Duration) async throws {
        try Task.checkCancellation()
        try await base.release(key, retention: retention)
    }
    func abandon(_ key: LedgerKey) async throws {
        try Task.checkCancellation()
        try await base.abandon(key)
    }
    func rewind(locale: String, sinks: [String], to issue: Int64, retention: Duration) async throws {
        try await base.rewind(locale: locale, sinks: sinks, to: issue, retention: retention)
    }
    func resumePoint(locale: String, sinks: [String]) async throws -> Int64? { try await base.resumePoint(locale: locale, sinks: sinks) }
}

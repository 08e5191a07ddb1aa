// SPDX-License-Identifier: Apache-2.0
import BotStore
import BotSupport
import Logging
import Synchronization

/// Delivers one sink's posts, in order, on its own: a sink that waits out a rate limit or
/// retries a failing API never holds back the bot's other sinks.
///
/// For each post: skip it when it is older than `delivery.max_age`; send its parts in order,
/// claiming it in the ledger right before the first request goes out (after any wait for a rate
/// limit; skip it if it was sent before; take over at once a claim this bot's dead earlier run
/// left, posting it again as the at-least-once case; wait out a live twin's claim until it is
/// sent or expires), retry a 429 after `retry_after` (without holding the claim meanwhile) and
/// server or network errors with backoff (bounded), and give up at once on a refusal (naming the
/// sink and what to fix). Then mark it sent (or release it) in the ledger. A sink whose chat is lost stops
/// sending and tries again every `delivery.lost_chat_retry` (`SinkWorker+LostChat.swift`).
package final class SinkWorker: Sendable {
    /// The sink delivered to.
    package let sink: any MessageSink
    let ledger: any DeliveryLedger
    let settings: DeliverySettings
    let clock: any Clock<Duration>
    let wallClock: any WallClock
    /// The most draws posted one message each after a lost chat comes back (`posting.max_catch_up`);
    /// more go out as one digest (`digest`), or without one only the newest are posted.
    let maxCatchUp: Int
    /// Renders `messages.digest` for the sink's markup: one message covering the draws given
    /// (nil when the locale has none). Nil for a worker that posts no results (pictures, boards).
    let digest: (@Sendable ([Draw]) -> String?)?
    let logger: Logger
    let metrics: BotMetrics
    let monitor: BotMonitor?
    /// This process, as its claims name it.
    let owner: ClaimOwner
    private let queue: AsyncStream<Post>
    private let input: AsyncStream<Post>.Continuation
    let state = Mutex(State())

    /// How far one delivery got: what a stop in the middle of it must know.
    struct DeliveryProgress {
        /// Parts the sink accepted.
        var partsSent = 0
        /// Whether a request to the sink is under way, its outcome unknown.
        var requestOpen = false
    }

    /// Whether this attempt holds the post's claim: taken right before a request, dropped across
    /// a 429's wait while no part is sent.
    final class ClaimState: Sendable {
        private let held = Mutex(false)
        var isHeld: Bool {
            get { held.withLock { $0 } }
            set { held.withLock { $0 = newValue } }
        }
    }

    /// Thrown from a request's `beforeRequest` when the post must not be sent: it was sent already.
    struct AlreadyPosted: Error {}

    /// Thrown from a request's `beforeRequest` when a stop came while the claim was being made:
    /// nothing was sent. A claim the ledger made meanwhile is left to expire, or to the restarted
    /// bot, which takes its dead predecessor's claim over at once.
    struct StoppedWhileClaiming: Error {}

    struct State {
        var pending = 0
        var idleWaiters: [CheckedContinuation<Void, Never>] = []
        /// Waiters of `idle(orLost: true)`: resumed when idle, or when the chat is lost.
        var lostWaiters: [CheckedContinuation<Void, Never>] = []
        var ledgerDown = false
        /// Why the sink's chat is lost, while it is.
        var lost: SinkError?
        /// Posts queued while the chat was lost that are beyond `maxCatchUp`, to skip (a worker
        /// without `digest`).
        var skipOldest = 0
        /// Posts queued while the chat was lost still to gather into one digest.
        var digestWaiting = 0
        /// The posts gathered so far.
        var gathered: [Post] = []
    }

    /// A worker for `sink`; `monitor` (if any) counts its deliveries and hears of a lost chat.
    /// `wallClock` tells a post's age (`delivery.max_age`); `owner` names this process in its claims;
    /// `digest` renders the one message for the draws that waited for a lost chat past `maxCatchUp`.
    package init(
        sink: any MessageSink, ledger: any DeliveryLedger, settings: DeliverySettings, clock: any Clock<Duration>, wallClock: any WallClock,
        maxCatchUp: Int = 10, logger: Logger, metrics: BotMetrics, monitor: BotMonitor? = nil, owner: ClaimOwner = .current,
        digest: (@Sendable ([Draw]) -> String?)? = nil
    ) {
        self.owner = owner
        self.digest = digest
        self.sink = sink
        self.ledger = ledger
        self.settings = settings
        self.clock = clock
        self.wallClock = wallClock
        self.maxCatchUp = max(1, maxCatchUp)
        self.logger = logger
        self.metrics = metrics
        self.monitor = monitor
        metrics.prime(sink: sink.name)
        (queue, input) = AsyncStream.makeStream(of: Post.self)
    }

    /// Queues `post`; returns at once.
    package func enqueue(_ post: Post) {
        state.withLock { $0.pending += 1 }
        input.yield(post)
    }

    /// Delivers queued posts until cancelled.
    package func run() async {
        for await post in queue {
            if Task.isCancelled { break }
            await deliver(post)
            let waiters: [CheckedContinuation<Void, Never>] = state.withLock { state in
                state.pending -= 1
                guard state.pending == 0 else { return [] }
                defer { (state.idleWaiters, state.lostWaiters) = ([], []) }
                return state.idleWaiters + state.lostWaiters
            }
            for waiter in waiters { waiter.resume() }
        }
    }

    /// Returns once every queued post has been delivered or given up on; with `orLost`, also
    /// while the sink's chat is lost (its posts then wait for the chat, not for this bot).
    package func idle(orLost: Bool = false) async {
        await withCheckedContinuation { continuation in
            let now = state.withLock { state in
                if state.pending == 0 || (orLost && state.lost != nil) { return true }
                if orLost { state.lostWaiters.append(continuation) } else { state.idleWaiters.append(continuation) }
                return false
            }
            if now { continuation.resume() }
        }
    }

    private func deliver(_ post: Post) async {
        switch gather(post) {
        case .no: break
        case .kept: return
        case .complete(let posts):
            await deliverGathered(posts)
            return
        }
        await deliverOne(post)
    }

    func deliverOne(_ post: Post) async {
        let key = LedgerKey(locale: post.locale, sink: sink.name, issue: post.draw.issue)
        if takeCatchUpSkip() {
            logger.info(
                "Draw \(post.draw.issue) is beyond posting.max_catch_up (\(maxCatchUp)) of the draws missed while \(sink.name) was lost; not posted there"
            )
            await skip(key, of: post)
            return
        }
        if await skipIfTooOld(post, key: key) { return }
        if state.withLock({ $0.lost != nil }) {
            await retryLost(post, key: key)
            return
        }
        if case .lost(let error) = await attempt(post, key: key) {
            chatLost(error)
            await retryLost(post, key: key)
        }
    }

    /// How an attempt at a post ended.
    enum AttemptOutcome {
        case sent, failed, stopped
        /// It was sent before (or by a twin meanwhile): not posted again.
        case alreadySent
        /// The chat is lost; the claim was dropped, so the post can be tried again.
        case lost(SinkError)
    }

    /// Sends the parts of `post`, claiming it under `key` right before the first request, and
    /// records the outcome in the ledger.
    func attempt(_ post: Post, key: LedgerKey) async -> AttemptOutcome {
        let parts = MessageSplitter.split(post.text, limit: sink.maxLength)
        var progress = DeliveryProgress()
        let claim = ClaimState()
        do {
            for part in parts {
                try await sendWithRetries(part, of: post, key: key, claim: claim, progress: &progress)
            }
            metrics.post(sink: sink.name, outcome: "sent")
            monitor?.recordDelivery(issue: post.draw.issue, sent: true)
            if !post.covered.isEmpty { digestSent(post, parts: parts.count) }
            await shielded { await self.finish(key, of: post, sent: true) }
            return .sent
        } catch is AlreadyPosted {
            metrics.post(sink: sink.name, outcome: "duplicate_skipped")
            logger.info("Draw \(post.draw.issue) was already posted to \(sink.name); not posting it again")
            return .alreadySent
        } catch is StoppedWhileClaiming {
            logger.info("Stopped while claiming draw \(key.issue) on \(sink.name); nothing was posted, so the restarted bot posts it")
            return .stopped
        } catch is CancellationError {
            await stopped(key, of: post, progress: progress, parts: parts.count, claimed: claim.isHeld)
            return .stopped
        } catch let error as SinkError where error.isChatLost && progress.partsSent == 0 {
            if claim.isHeld { await shielded { await self.abandonClaim(key) } }
            return .lost(error)
        } catch {
            metrics.post(sink: sink.name, outcome: "failed")
            monitor?.recordDelivery(issue: post.draw.issue, sent: false)
            logger.error(
                "Sink \(sink.name) could not post draw \(post.draw.issue): \(error)",
                metadata: ["sink.name": "\(sink.name)", "draw.issue": "\(post.draw.issue)"]
            )
            await shielded { await self.finish(key, of: post, sent: false) }
            if let error = error as? SinkError, error.isChatLost { return .lost(error) }
            return .failed
        }
    }

    /// Leaves the ledger as a restarted bot needs it when a graceful stop cancels a delivery: it
    /// neither waits out this attempt's claim nor posts twice what it knows reached the chat.
    /// Nothing sent yet (waiting on a rate limit or a retry): the claim is dropped and the sink's
    /// resume point left alone, so the restarted bot posts the draw at once. Some of the parts
    /// sent: marked sent (posting it again would repeat them). A request cut off in flight:
    /// whether it arrived is unknown; the claim is dropped, so the draw is posted again.
    private func stopped(_ key: LedgerKey, of post: Post, progress: DeliveryProgress, parts: Int, claimed: Bool) async {
        if progress.partsSent > 0 {
            logger.warning(
                "Stopped after posting \(progress.partsSent) of \(parts) parts of draw \(key.issue) to \(sink.name); it is marked sent and not posted again"
            )
            await shielded { await self.finish(key, of: post, sent: true) }
            return
        }
        if progress.requestOpen {
            logger.warning(
                "Stopped while posting draw \(key.issue) to \(sink.name); whether it arrived is unknown, so the restarted bot posts it again"
            )
        } else {
            logger.info("Stopped before posting draw \(key.issue) to \(sink.name); its claim is dropped, so the restarted bot posts it")
        }
        if claimed { await shielded { await self.abandonClaim(key) } }
    }

    /// Drops this attempt's claim on `key`, so that the next attempt may claim it at once.
    func abandonClaim(_ key: LedgerKey) async {
        do {
            try await ledger.abandon(key)
        } catch {
            ledgerFailed(error)
        }
    }

    /// Runs `body` to the end even when the calling task is cancelled: a ledger write made while
    /// stopping must not be cut short by the stop (a Redis command fails at once in a cancelled task).
    /// It runs where the bot's tasks prefer to (`PreferredExecutor`): a reader's ledger writes
    /// then need no thread hop.
    func shielded(_ body: @escaping @Sendable () async -> Void) async {
        await Task(executorPreference: PreferredExecutor.current) { await body() }.value
    }

    private func sendWithRetries(
        _ text: String, of post: Post, key: LedgerKey, claim: ClaimState, progress: inout DeliveryProgress
    ) async throws {
        var failures = 0
        var rateLimits = 0
        while true {
            do {
                progress.requestOpen = true
                try await sink.send(text, of: post) { [self] in
                    guard !claim.isHeld else { return }
                    switch await takeClaim(key) {
                    case nil: throw StoppedWhileClaiming()
                    case .claimed: claim.isHeld = true
                    case .alreadySent, .heldElsewhere:
                        try Task.checkCancellation()  // a stop while waiting out a twin's claim
                        throw AlreadyPosted()
                    }
                }
                progress.requestOpen = false
                progress.partsSent += 1
                return
            } catch is AlreadyPosted {
                progress.requestOpen = false
                throw AlreadyPosted()
            } catch let error as SinkError {
                progress.requestOpen = false
                try await waitBeforeRetry(after: error, of: post, key: key, claim: claim, progress: progress, failures: &failures, rateLimits: &rateLimits)
            }
        }
    }

    /// Waits before sending `post` again after `error`: the chat's `retry_after` for a rate limit
    /// (giving up the claim while nothing of it is out), the retry policy's backoff for a transient
    /// failure. Throws when it is not to be retried: permanent, a lost chat, too many attempts, or
    /// a wait over `delivery.max_retry_after`.
    private func waitBeforeRetry(
        after error: SinkError, of post: Post, key: LedgerKey, claim: ClaimState, progress: DeliveryProgress, failures: inout Int,
        rateLimits: inout Int
    ) async throws {
        switch error.kind {
        case .rateLimited(let wait):
            rateLimits += 1
            guard wait <= settings.maxRetryAfter, rateLimits <= 10 else {
                throw SinkError(.permanent, "\(error.message); not waiting \(DurationText.format(wait)) (delivery.max_retry_after)")
            }
            metrics.post(sink: sink.name, outcome: "retried")
            logger.info("Sink \(sink.name) is rate limited; retrying draw \(post.draw.issue) in \(DurationText.format(wait))")
            if claim.isHeld && progress.partsSent == 0 {
                // The chat refused it: nothing of it is out, so no claim is held across the wait.
                claim.isHeld = false
                await shielded { await self.abandonClaim(key) }
            }
            try await clock.sleep(for: wait)
        case .transient:
            failures += 1
            guard failures < settings.maxAttempts else {
                throw SinkError(.transient, "\(error.message) (gave up after \(failures) attempts)")
            }
            let delay = RetryPolicy(maxAttempts: settings.maxAttempts, baseDelay: settings.baseDelay, maxDelay: settings.maxDelay)
                .delay(afterAttempt: failures, jitter: Double.random(in: 0...1))
            metrics.post(sink: sink.name, outcome: "retried")
            logger.info("Sink \(sink.name) failed (\(error.message)); retry \(failures) in \(DurationText.format(delay))")
            try await clock.sleep(for: delay)
        case .permanent, .chatLost:
            throw error
        }
    }

    /// Claims `key` right before its request. A claim this bot's dead earlier run left (it was
    /// killed in the middle of this post) is taken over at once and the post sent again, as the
    /// at-least-once case, logged as such; a live twin's claim (or one naming no owner) is waited
    /// out until it is marked sent (`alreadySent`) or expires (`claimed`). Nil when a stop cut a
    /// ledger step short.
    func takeClaim(_ key: LedgerKey) async -> ClaimOutcome? {
        var outcome = await claim(key)
        if case .heldElsewhere(let holder?) = outcome, owner.isDeadPredecessor(holder) {
            logger.warning(
                "Draw \(key.issue) was being posted to \(sink.name) by this bot's earlier run (\(holder)) when it died; whether it arrived is unknown, so it is posted again (at least once)",
                metadata: ["sink.name": "\(sink.name)", "draw.issue": "\(key.issue)"]
            )
            outcome = await ledgerStep(fallback: .claimed) {
                try await self.ledger.takeOver(key, from: holder, ttl: self.settings.claimTTL, owner: self.owner)
            }
        }
        guard case .heldElsewhere(let holder)? = outcome else { return outcome }
        logger.info(
            "Draw \(key.issue) is claimed on \(sink.name) by another attempt (\(holder.map(String.init(describing:)) ?? "a bot of the earlier design")); waiting for it to finish or expire"
        )
        let step = min(.seconds(2), settings.claimTTL)
        var waited = Duration.zero
        while case .heldElsewhere? = outcome, waited <= settings.claimTTL + step {
            do { try await clock.sleep(for: step) } catch { return outcome }
            waited += step
            outcome = await claim(key)
        }
        return outcome
    }

    /// Claims `key`; `.claimed` when the ledger is unavailable (posting without it), nil when a
    /// stop cut the claim short.
    func claim(_ key: LedgerKey) async -> ClaimOutcome? {
        await ledgerStep(fallback: .claimed) { try await self.ledger.claim(key, ttl: self.settings.claimTTL, owner: self.owner) }
    }

    /// `body`'s outcome; `fallback` when the ledger failed; nil when a stop cut it short (the
    /// ledger did not fail, and nothing may be posted).
    private func ledgerStep(fallback: ClaimOutcome, _ body: @Sendable () async throws -> ClaimOutcome) async -> ClaimOutcome? {
        do {
            let outcome = try await body()
            ledgerRecovered()
            return outcome
        } catch is CancellationError {
            return nil
        } catch {
            ledgerFailed(error)
            return fallback
        }
    }

    /// Records `post` (claimed under `key`) as sent or given up. A digest's own key (its newest
    /// draw) goes first: that write drops the claim and moves the resume point past every draw the
    /// digest covers at once, so a stop before the rest posts none of them again. Then, once sent,
    /// each covered draw the ledger keeps (the newest `keptSent`), oldest first, so that a claim on
    /// any of them finds it sent.
    func finish(_ key: LedgerKey, of post: Post, sent: Bool) async {
        let covered = sent ? post.issues.filter { $0 != key.issue }.suffix(DeliveryLedgerLimits.keptSent - 1) : []
        let keys = [key] + covered.map { LedgerKey(locale: key.locale, sink: key.sink, issue: $0) }
        do {
            for key in keys {
                if sent {
                    try await ledger.markSent(key, retention: settings.retention)
                } else {
                    try await ledger.release(key, retention: settings.retention)
                }
            }
        } catch {
            ledgerFailed(error)
        }
    }

    private func ledgerFailed(_ error: any Error) {
        let first = state.withLock { state in
            defer { state.ledgerDown = true }
            return !state.ledgerDown
        }
        logger.log(level: first ? .warning : .debug, "Delivery ledger unavailable, posting without it (\(error))")
    }

    private func ledgerRecovered() {
        let was = state.withLock { state in
            defer { state.ledgerDown = false }
            return state.ledgerDown
        }
        if was { logger.info("Delivery ledger available again") }
    }
}

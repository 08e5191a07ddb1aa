// SPDX-License-Identifier: Apache-2.0
import BotStore
import BotSupport
import Logging
import ServiceLifecycle
import Synchronization

/// A bot that takes draws from the shared snapshot and falls back to the game API only when the
/// snapshot is stale, missing, invalid or Redis is down. It never writes the shared keys.
///
/// It reads the snapshot the moment the store announces a change (push), unless the announcement
/// names an issue it has already posted, and on every (re)subscription, since announcements are
/// lost while nobody follows them; its poll loop stays as a rare backstop (``BackstopSchedule``).
/// A stale snapshot gives a standby master one lease period to take over
/// before the reader calls the game API; direct calls happen at most once a poll interval, and a
/// circuit breaker stops them for a while after repeated failures.
package final class ReaderService: Service {
    let config: BotConfig
    private let store: any SnapshotStore
    private let api: any GameAPI
    /// Hands new draws to the sinks; `run()` runs its sink workers.
    package let poster: DrawPoster
    let wallClock: any WallClock
    let clock: any Clock<Duration>
    let logger: Logger
    private let condition = Mutex(ConditionLog())
    private let apiCondition = Mutex(ConditionLog())
    let metrics: BotMetrics
    let gate = SerialGate()
    let fallbackGate: Mutex<FallbackGate>
    /// The lease holder's snapshot over HTTP, asked while Redis is unavailable.
    let peers: PeerSnapshotSource?
    /// The fleet's draw history as this bot knows it: what each feed is extended with.
    let history: SharedHistory
    private let lastSequence = Mutex<Int64?>(nil)
    private let backstop: Mutex<BackstopSchedule>
    /// Where the reader's tasks run, when given: the Redis client's thread, so that the reads and
    /// ledger claims and marks of a draw run there without a thread hop each.
    private let executor: (any TaskExecutor)?

    /// Where a poll found its draws.
    package enum Source: Sendable, Equatable {
        /// The shared snapshot (or the legacy key) was fresh.
        case store
        /// The lease holder over HTTP, while Redis was unavailable.
        case peer
        /// The game API, after the store could not serve.
        case api
        /// Neither: the store could not serve and the game API failed too.
        case none
    }

    /// A reader for `config`; `api` (the fallback) should already retry. While Redis is
    /// unavailable it asks `peers` (the lease holder's snapshot over HTTP) before the game API.
    /// Its tasks prefer `executor` when given (see ``executor``).
    package init(
        config: BotConfig, store: any SnapshotStore, api: any GameAPI, poster: DrawPoster, wallClock: any WallClock,
        clock: any Clock<Duration>, logger: Logger, peers: PeerSnapshotSource? = nil, executor: (any TaskExecutor)? = nil
    ) {
        self.peers = peers
        self.executor = executor
        self.history = SharedHistory(keep: config.shared.history, store: store, key: config.redisKeys.history, logger: logger)
        self.fallbackGate = Mutex(
            FallbackGate(graceMillis: config.shared.leaseTTL.milliseconds, minIntervalMillis: 0)
        )
        self.backstop = Mutex(
            BackstopSchedule(pollIntervalMillis: config.upstream.pollInterval.milliseconds, freshnessMillis: config.shared.freshness.milliseconds)
        )
        self.config = config
        self.store = store
        self.api = api
        self.poster = poster
        self.wallClock = wallClock
        self.clock = clock
        self.logger = logger
        self.metrics = poster.monitor.metrics
    }

    package func run() async throws {
        logger.info(
            "Reader started: reading Redis on every change announced; checking it every \(DurationText.format(.milliseconds(backstop.withLock { $0.liveDelayMillis }))) while subscribed, every \(DurationText.format(config.upstream.pollInterval)) while not"
        )
        try await PreferredExecutor.run(executor) {
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { await self.poster.run() }
                group.addTask { await self.followUpdates() }
                group.addTask { await self.followPeers() }
                // Jittered (±15%), so that readers falling back at once spread their calls to the game API.
                try await runPollLoop(
                    clock: clock, next: { .milliseconds(self.backstop.withLock { $0.delayMillis }) * Double.random(in: 0.85...1.15) }
                ) { await self.backstopOnce() }
                group.cancelAll()
            }
        }
    }

    /// Reads the snapshot at once on every update the masters announce, and on every
    /// (re)subscription; these reads never call the game API (the poll loop does that).
    /// `while` says whether to act on an update (a master holding the lease has no need to).
    func followUpdates(while active: @escaping @Sendable () -> Bool = { true }) async {
        await store.followUpdates { update in
            switch update {
            case .subscribed:
                self.backstop.withLock { $0.subscription(live: true) }
                guard active() else { return }
                await self.pollOnce(allowFallback: false)
            case .changed(_, let issue):
                guard active() else { return }
                // Already posted (an announcement of a write this reader has read already): no read.
                if let issue, issue == (await self.poster.lastIssue) { return }
                await self.pollOnce(allowFallback: false)
            case .lost(let reason):
                self.backstop.withLock { $0.subscription(live: false) }
                // What is written to the history while nobody follows is unknown: read it at the next draw.
                self.history.readAgain()
                self.logger.debug("Update subscription lost (\(reason)); reconnecting")
            }
        }
    }

    /// One backstop of the poll loop: while the subscription is live and the writer's TTL known,
    /// only the snapshot's remaining TTL (nothing more while it is fresh); otherwise a full poll.
    @discardableResult
    package func backstopOnce() async -> Source? {
        if backstop.withLock({ $0.checksRemainingOnly }) {
            do {
                let remaining = try await store.primaryRemainingMillis()
                if let age = backstop.withLock({ $0.freshAge(remainingMillis: remaining) }) {
                    // As good as a fresh read for readiness and the counts: the same age, measured the same way.
                    metrics.redisRead("hit")
                    metrics.snapshotAge(millis: age)
                    poster.monitor.record(.freshRead)
                    return nil
                }
            } catch is CancellationError {
                return Source.none
            } catch {
                // The full poll below meets the same failure and reports it.
                backstop.withLock { $0.failed() }
            }
        }
        return await pollOnce()
    }

    /// One poll: read the store, fall back to the API when it cannot serve (and `allowFallback`),
    /// post new draws. Polls run one at a time.
    @discardableResult
    package func pollOnce(allowFallback: Bool = true) async -> Source {
        await gate.run { await self.poll(allowFallback: allowFallback) }
    }

    private func poll(allowFallback: Bool) async -> Source {
        let reading: SnapshotReading
        do {
            let stored = try await store.fetch()
            peers?.remember(stored)
            reading = SnapshotReading.judge(
                stored, nowMillis: wallClock.nowMillis(), freshness: config.shared.freshness, ttl: config.shared.ttl,
                mapping: config.upstream.mapping, gameType: config.gameType
            )
            backstop.withLock { $0.read(stored, reading) }
        } catch is CancellationError {
            return .none
        } catch {
            let reason = (error as? StoreError)?.message ?? "\(error)"
            metrics.redisRead("error")
            history.readAgain()
            if await readFromPeers() { return .peer }
            guard allowFallback else { return .none }
            return await fallBack(reason: "redis_unavailable", waitForStandby: false) {
                self.report("unavailable", "Redis unavailable, using direct API (\(reason))", .warning)
            }
        }

        switch reading {
        case .fresh(let feed, let age, let legacy, let sequence):
            await postFresh(feed, age: age, legacy: legacy, sequence: sequence)
            return .store
        case .stale(let age):
            metrics.redisRead("stale")
            metrics.snapshotAge(millis: age)
            guard allowFallback else { return .none }
            return await fallBack(reason: "stale", waitForStandby: true) { self.report("stale", "Redis data is stale, using direct API", .warning) }
        case .missing:
            metrics.redisRead("miss")
            // Redis restarted empty: the lease holder has the snapshot until it writes again.
            if await readFromPeers(redisFailed: false) { return .peer }
            guard allowFallback else { return .none }
            return await fallBack(reason: "missing", waitForStandby: false) {
                self.report("missing", "No shared data in Redis, using direct API", .info)
            }
        case .corrupt(let reason):
            metrics.redisRead("corrupt")
            guard allowFallback else { return .none }
            return await fallBack(reason: "corrupt", waitForStandby: false) {
                self.report("corrupt:\(reason)", "Shared data in Redis is invalid (\(reason)), using direct API", .warning)
            }
        }
    }

    /// A fresh snapshot: notes a sequence that went back, logs the read (at info when it brings a
    /// new draw) and offers its draws, extended by the fleet's history, to the poster.
    private func postFresh(_ feed: DrawFeed, age: Int64, legacy: Bool, sequence: Int64?) async {
        fallbackGate.withLock { $0.storeServed() }
        if let sequence {
            // The sequence goes back when Redis lost its data (a restart without persistence,
            // a failover to a replica that lagged): the new writes are the truth now. What was
            // posted stays posted: the tracker and the ledger never post an issue twice.
            let previous = lastSequence.withLock { last -> Int64? in
                defer { last = sequence }
                return last
            }
            if let previous, sequence < previous {
                logger.warning(
                    "The snapshot's sequence went back from \(previous) to \(sequence) (Redis lost its data or failed over); following the new writes"
                )
            }
        }
        let isNew = (feed.latest?.issue ?? Int64.min) > (await poster.lastIssue ?? Int64.min)
        let message =
            legacy
            ? "Shared data read from Redis legacy key \(config.shared.legacyKey) (about \(age)ms old)"
            : "Shared data read from Redis successfully (updated \(age)ms ago)"
        metrics.redisRead("hit")
        metrics.snapshotAge(millis: age)
        report("fresh", message, isNew ? .info : .debug, force: isNew)
        poster.monitor.record(.freshRead)
        await poster.offer(await history.extend(feed.draws))
    }

    /// Calls the game API if the gate allows; `announce` logs why, only when it does.
    private func fallBack(reason: String, waitForStandby: Bool, announce: () -> Void) async -> Source {
        let now = wallClock.nowMillis()
        switch fallbackGate.withLock({ $0.decide(nowMillis: now, waitForStandby: waitForStandby) }) {
        case .call:
            announce()
        case .graceForStandby(let remaining):
            report(
                "grace", "Redis data is stale; giving a standby master up to \(remaining)ms to take over before using the direct API", .info
            )
            return .none
        case .rateLimited:
            return .none
        case .breakerOpen(let remaining):
            logger.debug("Game API circuit breaker open for \(remaining)ms more")
            return .none
        }
        metrics.fallback(reason)
        do {
            let feed = try await api.fetchDraws()
            fallbackGate.withLock { $0.record(success: true, nowMillis: wallClock.nowMillis()) }
            apiCondition.withLock { $0.report("ok", message: "Direct API answered", level: .debug, to: logger) }
            poster.monitor.record(.fallback(reason: reason, failure: nil))
            // With Redis down, its history is not asked (each ask would wait for it to fail).
            await poster.offer(await history.extend(feed.draws, readStore: reason != "redis_unavailable"))
            return .api
        } catch is CancellationError {
            return .none
        } catch {
            fallbackGate.withLock { $0.record(success: false, nowMillis: wallClock.nowMillis()) }
            let condition = UpstreamError.condition(of: error)
            apiCondition.withLock { $0.report("failed:\(condition)", message: "Direct API failed too: \(error)", level: .warning, to: logger) }
            poster.monitor.record(.fallback(reason: reason, failure: condition))
            return .none
        }
    }

    func report(_ key: String, _ message: String, _ level: Logger.Level, force: Bool = false) {
        condition.withLock { $0.report(key, message: message, level: level, force: force, to: logger) }
    }
}

extension ReaderService: CustomStringConvertible {
    /// `ReaderService(vi)`, for service logs.
    package var description: String { "ReaderService(\(poster.locale))" }
}

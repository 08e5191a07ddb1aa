import Logging
import ServiceLifecycle
import Synchronization

/// A bot that takes draws from the shared snapshot and falls back to the game API only when the
/// snapshot is stale, missing, invalid or Redis is down. It never writes the shared keys.
public final class ReaderService: Service {
    private let config: BotConfig
    private let store: any SnapshotStore
    private let api: any GameAPI
    /// Hands new draws to the sinks; `run()` runs its sink workers.
    public let poster: DrawPoster
    private let wallClock: any WallClock
    private let clock: any Clock<Duration>
    private let logger: Logger
    private let condition = Mutex(ConditionLog())
    private let apiCondition = Mutex(ConditionLog())
    private let metrics: BotMetrics

    /// Where a poll found its draws.
    public enum Source: Sendable, Equatable {
        /// The shared snapshot (or the legacy key) was fresh.
        case store
        /// The game API, after the store could not serve.
        case api
        /// Neither: the store could not serve and the game API failed too.
        case none
    }

    /// A reader for `config`; `api` (the fallback) should already retry.
    public init(
        config: BotConfig, store: any SnapshotStore, api: any GameAPI, poster: DrawPoster, wallClock: any WallClock,
        clock: any Clock<Duration>, logger: Logger
    ) {
        self.config = config
        self.store = store
        self.api = api
        self.poster = poster
        self.wallClock = wallClock
        self.clock = clock
        self.logger = logger
        self.metrics = BotMetrics(locale: config.locale)
    }

    public func run() async throws {
        logger.info("Reader started: reading Redis every \(DurationText.format(config.upstream.pollInterval))")
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { await self.poster.run() }
            try await runPollLoop(interval: config.upstream.pollInterval, clock: clock) { await self.pollOnce() }
            group.cancelAll()
        }
    }

    /// One poll: read the store, fall back to the API when it cannot serve, post new draws.
    @discardableResult
    public func pollOnce() async -> Source {
        let reading: SnapshotReading
        do {
            let stored = try await store.fetch()
            reading = SnapshotReading.judge(
                stored, nowMillis: wallClock.nowMillis(), freshness: config.shared.freshness, ttl: config.shared.ttl,
                mapping: config.upstream.mapping, gameType: config.gameType
            )
        } catch is CancellationError {
            return .none
        } catch {
            let reason = (error as? StoreError)?.message ?? "\(error)"
            metrics.redisRead("error")
            report("unavailable", "Redis unavailable, using direct API (\(reason))", .warning)
            return await fallBack(reason: "redis_unavailable")
        }

        switch reading {
        case .fresh(let feed, let age, let legacy):
            let isNew = (feed.latest?.issue ?? Int64.min) > (await poster.lastIssue ?? Int64.min)
            let message =
                legacy
                ? "Shared data read from Redis legacy key \(config.shared.legacyKey) (about \(age)ms old)"
                : "Shared data read from Redis successfully (updated \(age)ms ago)"
            metrics.redisRead("hit")
            metrics.snapshotAge(millis: age)
            report("fresh", message, isNew ? .info : .debug, force: isNew)
            poster.monitor.record(.freshRead)
            await poster.offer(feed.draws)
            return .store
        case .stale(let age):
            metrics.redisRead("stale")
            metrics.snapshotAge(millis: age)
            report("stale", "Redis data is stale, using direct API", .warning)
            return await fallBack(reason: "stale")
        case .missing:
            metrics.redisRead("miss")
            report("missing", "No shared data in Redis, using direct API", .info)
            return await fallBack(reason: "missing")
        case .corrupt(let reason):
            metrics.redisRead("corrupt")
            report("corrupt:\(reason)", "Shared data in Redis is invalid (\(reason)), using direct API", .warning)
            return await fallBack(reason: "corrupt")
        }
    }

    private func fallBack(reason: String) async -> Source {
        metrics.fallback(reason)
        do {
            let feed = try await api.fetchDraws()
            apiCondition.withLock { $0.report("ok", message: "Direct API answered", level: .debug, to: logger) }
            poster.monitor.record(.fallback(reason: reason, failure: nil))
            await poster.offer(feed.draws)
            return .api
        } catch is CancellationError {
            return .none
        } catch {
            let condition = UpstreamError.condition(of: error)
            apiCondition.withLock { $0.report("failed:\(condition)", message: "Direct API failed too: \(error)", level: .warning, to: logger) }
            poster.monitor.record(.fallback(reason: reason, failure: condition))
            return .none
        }
    }

    private func report(_ key: String, _ message: String, _ level: Logger.Level, force: Bool = false) {
        condition.withLock { $0.report(key, message: message, level: level, force: force, to: logger) }
    }
}

extension ReaderService: CustomStringConvertible {
    /// `ReaderService(vi)`, for service logs.
    public var description: String { "ReaderService(\(config.locale))" }
}

import Logging
import ServiceLifecycle
import Synchronization

/// The bot that polls the game API on its own schedule (never from its own cached value),
/// shares each result through the store, and posts new draws.
///
/// Every successful poll rewrites the snapshot with a new timestamp, so that its age tells
/// readers how recently the master confirmed it; a failed write is logged and the bot goes on
/// posting from the API.
public final class MasterService: Service {
    private let config: BotConfig
    private let api: any GameAPI
    private let store: any SnapshotStore
    /// Hands new draws to the sinks; `run()` runs its sink workers.
    public let poster: DrawPoster
    private let renderer: MessageRenderer
    private let wallClock: any WallClock
    private let clock: any Clock<Duration>
    private let logger: Logger
    private let logs = Mutex(Logs())

    private struct Logs {
        var upstream = ConditionLog()
        var storeFailing = false
    }

    /// A master for `config`; `api` should already retry.
    public init(
        config: BotConfig, api: any GameAPI, store: any SnapshotStore, poster: DrawPoster, renderer: MessageRenderer,
        wallClock: any WallClock, clock: any Clock<Duration>, logger: Logger
    ) {
        self.config = config
        self.api = api
        self.store = store
        self.poster = poster
        self.renderer = renderer
        self.wallClock = wallClock
        self.clock = clock
        self.logger = logger
    }

    public func run() async throws {
        logger.info("Master started: polling \(config.upstream.url) every \(DurationText.format(config.upstream.pollInterval))")
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { await self.poster.run() }
            try await runPollLoop(interval: config.upstream.pollInterval, clock: clock) { await self.pollOnce() }
            group.cancelAll()
        }
    }

    /// One poll: fetch, share, post.
    public func pollOnce() async {
        let feed: DrawFeed
        do {
            feed = try await api.fetchDraws()
            logs.withLock { $0.upstream.report("ok", message: "Game API answered", level: .info, to: logger) }
        } catch is CancellationError {
            return
        } catch {
            let condition = UpstreamError.condition(of: error)
            logs.withLock { $0.upstream.report("failed:\(condition)", message: "Game API failed: \(error)", level: .warning, to: logger) }
            poster.monitor.record(.upstreamFailed(condition))
            return
        }
        guard let latest = feed.latest else { return }
        let isNew = latest.issue > (await poster.lastIssue ?? Int64.min)
        await share(feed, latest: latest, isNew: isNew)
        await poster.offer(feed.draws)
    }

    private func share(_ feed: DrawFeed, latest: Draw, isNew: Bool) async {
        let now = wallClock.nowMillis()
        let snapshot = Snapshot(
            timestamp: now, feed: feed,
            processed: .init(
                issueNumber: latest.issue, colors: renderer.colorLabels(of: latest).joined(separator: " "), resultFormat: latest.value,
                gameType: config.gameType, lastUpdate: now
            )
        )
        do {
            try await store.publish(snapshot: snapshot.encoded(), legacy: feed.raw, ttl: config.shared.ttl)
            poster.monitor.record(.masterWrite(failure: nil))
            let recovered = logs.withLock { logs in
                defer { logs.storeFailing = false }
                return logs.storeFailing
            }
            logger.log(
                level: isNew || recovered ? .info : .debug, "Shared data updated to Redis successfully (draw \(latest.issue))",
                metadata: ["draw.issue": "\(latest.issue)"]
            )
        } catch is CancellationError {
            return
        } catch {
            let first = logs.withLock { logs in
                defer { logs.storeFailing = true }
                return !logs.storeFailing
            }
            logger.log(level: first ? .warning : .debug, "Failed to update Redis: \(error)")
            poster.monitor.record(.masterWrite(failure: "\(error)"))
        }
    }
}

extension MasterService: CustomStringConvertible {
    /// `MasterService(en)`, for service logs.
    public var description: String { "MasterService(\(config.locale))" }
}

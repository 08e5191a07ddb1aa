// SPDX-License-Identifier: Apache-2.0
import BlockingIO
import BotLocalization
import BotStore
import BotSupport
import CurlHTTP
import Foundation
import Logging
import RedisClient
import ServiceLifecycle

/// One bot, assembled from its config: its locale, its role's service and what it talks to.
package struct Bot: Sendable {
    /// The service a bot runs, by role.
    package enum Role: Sendable {
        /// Polls the game API while it holds the lease and shares each result.
        case master(MasterService)
        /// Reads the shared snapshot, and the game API only when the snapshot cannot serve.
        case reader(ReaderService)
    }

    /// The validated config.
    package let config: BotConfig
    /// The bot's locale.
    package let bundle: LocaleBundle
    /// The bot's role and its service.
    package let role: Role
    /// The game API the bot calls (a master on every poll, a reader when it falls back).
    package let api: any GameAPI
    /// The bot's logger, labelled with the locale's log prefix.
    package let logger: Logger
    /// Renders the bot's messages; its locale can be reloaded (`LocaleReloader`).
    package let renderer: MessageRenderer
    /// What the bot has been doing: readiness, summary counts.
    package let monitor: BotMonitor
    /// Logs the summary line every `log.summary_interval` and shares it in Redis.
    package let summary: SummaryService

    /// The master or reader service to run.
    package var service: any Service {
        switch role {
        case .master(let master): master
        case .reader(let reader): reader
        }
    }

    /// The snapshot a master serves over HTTP while it holds the lease; nil for a reader.
    package var servedSnapshot: ServedSnapshot? {
        if case .master(let master) = role { return master.served }
        return nil
    }

    /// Hands new draws to the sinks; the service's `run()` runs its sink workers.
    package var poster: DrawPoster {
        switch role {
        case .master(let master): master.poster
        case .reader(let reader): reader.poster
        }
    }
}

/// Builds bots from configs, with the real Redis and HTTP clients or with stand-ins.
package enum BotAssembly {
    /// The version: sent in the User-Agent, printed by `redgreen-bot --version`, and the .deb's (the Makefile reads it here).
    package static let version = "0.1.0"

    /// What a bot talks to; nil members get the real implementation.
    package struct Parts: Sendable {
        /// The shared store (default: Redis from the config).
        package var store: (any SnapshotStore)?
        /// The game API (default: over `transport` as the config says, retried by its policy).
        package var api: (any GameAPI)?
        /// HTTP for the game API (default: libcurl).
        package var transport: (any HTTPTransport)?
        /// Sinks (default: those of the config).
        package var sinks: [any MessageSink]?
        /// The locale, already loaded (default: `config.locale` from `config.localesDirectory`); its
        /// code must be the config's `locale`.
        package var bundle: LocaleBundle?
        /// The delivery ledger (default: as `delivery.ledger` says, Redis on the store's server; in
        /// memory when `store` is given).
        package var ledger: (any DeliveryLedger)?
        /// Where the summary counts are shared (default: Redis when the store is; else none).
        package var stats: (any StatsRecorder)?
        /// Wall-clock time for snapshots and freshness.
        package var wallClock: any WallClock = SystemWallClock()
        /// The clock for poll periods and backoff.
        package var clock: any Clock<Duration> = ContinuousClock()
        /// HTTP to the lease holder's snapshot while Redis is down (default: libcurl; two clients,
        /// for reads and for long polls).
        package var peerTransports: (reads: any HTTPTransport, longPolls: any HTTPTransport)?
        /// Makes each bot's logger from its label (the locale's log prefix).
        package var makeLogger: @Sendable (String) -> Logger = { Logger(label: $0) }

        /// All real parts.
        package init() {}
    }

    /// Builds the bot `config` describes: loads and validates its locale, connects nothing yet.
    ///
    /// Where the bot keeps what it shares and remembers is said, never implied: with `parts.store`
    /// given (the demo, the tests) everything stays in this process's memory; otherwise the snapshot,
    /// the ledger, the sink state, the board ids, the shared rate limits and the stats are in Redis,
    /// but with `delivery.ledger: memory`, which keeps the ledger, the sink state and the board ids
    /// in memory. The bot logs which at start.
    package static func make(config: BotConfig, parts: Parts = Parts()) throws(FileError) -> Bot {
        let bundle = try locale(config: config, given: parts.bundle)
        if let problem = config.boardProblem(bundle: bundle) { throw problem }
        let logger = parts.makeLogger(bundle.logPrefix)
        for line in bundle.fallbackSummary { logger.warning("\(line)") }
        if config.redis.sentinel != nil && config.redis.urlFromEnvironment {
            logger.warning("\(BotConfig.redisURLVariable) is set: connecting to it directly, not through the Sentinels of redis.sentinels")
        }
        // From here on the locale code comes from the bundle alone: metrics, monitor, sinks, poster.
        let metrics = BotMetrics(locale: bundle.code)
        let stores = try Stores(config: config, parts: parts, metrics: metrics, logger: logger)
        stores.describe(to: logger)
        // The real clock's sleeps are served by the Redis client's thread when there is one, as the
        // roles' are: a bot's retries, rate limits and summaries then wake no other thread.
        let clock = parts.clock is ContinuousClock ? stores.clock ?? parts.clock : parts.clock
        let transport = parts.transport ?? CurlHTTPClient(userAgent: userAgent(for: config))
        func gameAPI(userAgent: String) -> RetryingGameAPI {
            RetryingGameAPI(
                TimedGameAPI(HTTPGameAPI(settings: config.upstream, transport: transport, userAgent: userAgent), metrics: metrics),
                policy: config.upstream.retry, clock: clock, logger: logger
            )
        }
        let api: any GameAPI = parts.api ?? gameAPI(userAgent: userAgent(for: config))
        let renderer = MessageRenderer(bundle: bundle, gameType: config.gameType, timeZone: config.timeZone, logger: logger)
        var sinkContext = SinkContext(state: stores.sinkState, locale: bundle.code, game: config.gameType, logger: logger, timeZone: config.timeZone)
        sinkContext.wallClock = parts.wallClock
        let sinks =
            parts.sinks ?? makeSinks(
                config: config, bundle: bundle, clock: clock, context: sinkContext, sharedLimits: stores.sharedLimits, thread: stores.thread)
        let monitor = BotMonitor(config: config, metrics: metrics, wallClock: parts.wallClock)
        let poster = DrawPoster(
            renderer: renderer, sinks: sinks, ledger: stores.ledger, sinkState: stores.sinkState, delivery: config.delivery,
            maxCatchUp: config.posting.maxCatchUp, wallClock: parts.wallClock, clock: clock, logger: logger, monitor: monitor
        )
        let summary = SummaryService(
            monitor: monitor, interval: config.log.summaryInterval, stats: stores.stats, wallClock: parts.wallClock, clock: clock,
            logger: logger
        )
        let probe = parts.api == nil ? gameAPI(userAgent: userAgent(for: config, probe: true)) : nil
        let role = makeRole(
            config: config, parts: parts, api: api, probe: probe, store: stores.snapshot, poster: poster, renderer: renderer, clock: clock,
            logger: logger, executor: stores.thread)
        return Bot(
            config: config, bundle: bundle, role: role, api: api, logger: logger, renderer: renderer, monitor: monitor, summary: summary
        )
    }

    /// The bot's locale: `given`, or `config.locale` loaded from `config.localesDirectory`, whose
    /// code must be `config.locale` (an error naming `locale` in the config file if not): the one
    /// code the bot's posts, ledger, sink state, metrics and stats then carry.
    package static func locale(config: BotConfig, given: LocaleBundle?) throws(FileError) -> LocaleBundle {
        guard let given else { return try LocaleBundle.load(code: config.locale, directory: config.localesDirectory) }
        guard given.code == config.locale else {
            throw FileError(
                .invalidValue, file: config.file, key: "locale",
                "is '\(config.locale)', but the locale given to the bot is '\(given.code)' (\(given.file)): one bot posts in one locale")
        }
        return given
    }

    /// The bot's role: the master (polling `api`, with `probe` for its standby's health checks) or a
    /// reader, over `store`, with the lease holder's snapshot over HTTP while Redis is down; either
    /// role's tasks run on `executor` (the Redis client's thread) when given, their timers on `clock`.
    private static func makeRole(
        config: BotConfig, parts: Parts, api: any GameAPI, probe: (any GameAPI)?, store: any SnapshotStore, poster: DrawPoster,
        renderer: MessageRenderer, clock: any Clock<Duration>, logger: Logger, executor: (any TaskExecutor)?
    ) -> Bot.Role {
        let peers = peerSource(config: config, given: parts.peerTransports)
        switch config.role {
        case .master:
            return .master(
                MasterService(
                    config: config, api: api, store: store, poster: poster, renderer: renderer, wallClock: parts.wallClock,
                    clock: clock, logger: logger, probe: probe, peers: peers, executor: executor
                )
            )
        case .reader:
            return .reader(
                ReaderService(
                    config: config, store: store, api: api, poster: poster, wallClock: parts.wallClock, clock: clock, logger: logger,
                    peers: peers, executor: executor
                )
            )
        }
    }

    /// The lease holder's snapshot over HTTP while Redis is down: over `given`, or two libcurl
    /// clients (reads and long polls) bounded to a snapshot's size.
    static func peerSource(config: BotConfig, given: (reads: any HTTPTransport, longPolls: any HTTPTransport)?) -> PeerSnapshotSource {
        let peerAgent = userAgent(for: config) + " peer"
        return PeerSnapshotSource(peers: config.shared.peers, token: config.shared.peerToken, userAgent: peerAgent) {
            given ?? (
                CurlHTTPClient(userAgent: peerAgent, maxResponseBytes: Snapshot.maxBytes),
                CurlHTTPClient(userAgent: peerAgent, maxResponseBytes: Snapshot.maxBytes)
            )
        }
    }

    /// `redgreen-bot/<version> (<locale>; <role>)`: tells the game API which bot asked;
    /// `(<locale>; master; probe)` for a standing-by master's probes.
    package static func userAgent(for config: BotConfig, probe: Bool = false) -> String {
        "redgreen-bot/\(version) (\(config.locale); \(config.role.rawValue)\(probe ? "; probe" : ""))"
    }

    /// Where Telegram's limits are shared with the other processes of a token: the bot's Redis.
    struct SharedLimits {
        var client: RedisClient
        var wallClock: any WallClock
        var logger: Logger
    }

    /// The sinks `config` lists, each with its own HTTP client so one cannot hold up another (and
    /// one more for the trend picture and the live board of a sink with `trend:` or `board:`);
    /// Telegram sinks of one token share its rate limits, with every process of the token through
    /// `sharedLimits` when given. `context` keeps what they learn (a migrated chat, a forum post's thread).
    ///
    /// A reader's only sink, without a picture or a board, makes its requests on `thread` (the Redis
    /// client's) when given: there is no other sink for it to hold up, the claim and the mark around
    /// each post are that thread's anyway, and a post then needs no hop to a thread of its own and back.
    /// A master's never does: its lease and polls must not wait behind a slow chat.
    static func makeSinks(
        config: BotConfig, bundle: LocaleBundle, clock: any Clock<Duration>, context: SinkContext, sharedLimits: SharedLimits? = nil,
        thread: BlockingExecutor? = nil
    ) -> [any MessageSink] {
        var limiters: [String: @Sendable ([RateLimitRule]) async throws -> Void] = [:]
        func limiter(token: String) -> @Sendable ([RateLimitRule]) async throws -> Void {
            if let made = limiters[token] { return made }
            let local = SlidingWindowLimiter(clock: ContinuousClock())
            var limit: @Sendable ([RateLimitRule]) async throws -> Void = { try await local.acquire($0) }
            if let shared = sharedLimits {
                let limiter = SharedRateLimiter(
                    windows: RedisRateLimitWindows(client: shared.client), token: token, wallClock: shared.wallClock, clock: clock, logger: shared.logger,
                    fallback: limit)
                limit = { try await limiter.acquire($0) }
            }
            limiters[token] = limit
            return limit
        }
        let agent = userAgent(for: config)
        /// A client of its own for the trend picture and the live board, when the sink has either.
        func sideClient(_ settings: SinkSettings) -> (any HTTPTransport)? {
            settings.trend != nil || settings.board != nil ? CurlHTTPClient(userAgent: agent) : nil
        }
        let lone = config.role == .reader && config.sinks.count == 1
        return config.sinks.map { settings -> any MessageSink in
            let shared = lone && settings.trend == nil && settings.board == nil ? thread : nil
            switch settings {
            case .console(let format, let name):
                return ConsoleSink(format: format, prefix: bundle.logPrefix, name: name)
            case .telegram(let telegram):
                return TelegramSink(
                    settings: telegram, transport: CurlHTTPClient(userAgent: agent, sharing: shared), pictureTransport: sideClient(settings), context: context,
                    limit: limiter(token: telegram.token.value))
            case .discord(let discord):
                return DiscordSink(
                    settings: discord, transport: CurlHTTPClient(userAgent: agent, sharing: shared), pictureTransport: sideClient(settings), clock: clock,
                    context: context)
            case .webhook(let webhook):
                return WebhookSink(
                    settings: webhook, transport: CurlHTTPClient(userAgent: agent, sharing: shared), pictureTransport: sideClient(settings), context: context)
            }
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
import BlockingIO
import BotStore
import BotSupport
import Logging
import RedisClient

extension BotAssembly {
    /// Where one bot keeps what it shares and remembers, chosen in one place: the given store and
    /// memory for everything else (`Parts.store`: the demo, the tests), or Redis as the config says
    /// (`delivery.ledger: memory` keeps the ledger and the sink state, board ids included, in memory).
    struct Stores {
        /// Where it is: Redis, or this process's memory.
        enum Place: String { case redis, memory }

        var snapshot: any SnapshotStore
        var ledger: any DeliveryLedger
        var sinkState: any SinkStateStore
        var stats: (any StatsRecorder)?
        var sharedLimits: SharedLimits?
        /// The thread of the Redis client's commands: for the bot's tasks to prefer, its timers
        /// (``clock``) and a reader's only chat client (see ``BotAssembly/makeSinks``); nil without Redis.
        var thread: BlockingExecutor?
        /// The continuous clock, its sleeps served by ``thread``; nil without Redis.
        var clock: (any Clock<Duration>)? { thread.map { ExecutorClock($0) } }
        /// Where the snapshot, the ledger (with the sink state and board ids) and the rate limits and stats are.
        var places: (snapshot: Place, ledger: Place, shared: Place)

        init(config: BotConfig, parts: Parts, metrics: BotMetrics, logger: Logger) throws(FileError) {
            if let given = parts.store {
                // A store given: one process (the demo, a test); what Redis would share stays in its memory.
                snapshot = given
                ledger = parts.ledger ?? InMemoryDeliveryLedger()
                (sinkState, stats, sharedLimits) = (InMemorySinkStateStore(), parts.stats, nil)
                places = (.memory, parts.ledger == nil ? .memory : .redis, .memory)
                return
            }
            let client = RedisClient(configuration: try RedisConfiguration(bot: config), logger: logger)
            // A PING every 15 s while the channel is quiet: with the backstop's PTTL, an idle reader
            // stays within 20 commands a minute (docs/performance.md). On the client's thread, so
            // that a reader reads the snapshot an announcement brings without a thread hop.
            let subscriber = RedisSubscriber(
                configuration: try RedisConfiguration(bot: config), channels: [config.redisKeys.channel], keepAlive: .seconds(15),
                sharingThreadOf: client, logger: logger
            )
            let redisStore = RedisSnapshotStore(
                client: client, keys: config.redisKeys, subscriber: subscriber, historyLength: config.shared.history)
            snapshot = TimedSnapshotStore(redisStore, metrics: metrics)
            let inRedis = config.delivery.ledger == .redis
            ledger =
                parts.ledger
                ?? (inRedis
                    ? TimedDeliveryLedger(RedisDeliveryLedger(client: client, keys: config.redisKeys), metrics: metrics) : InMemoryDeliveryLedger())
            sinkState = inRedis ? RedisSinkStateStore(client: client, keys: config.redisKeys) : InMemorySinkStateStore()
            stats = parts.stats ?? TimedStatsRecorder(RedisStatsRecorder(client: client, keys: config.redisKeys), metrics: metrics)
            sharedLimits = SharedLimits(client: client, wallClock: parts.wallClock, logger: logger)
            thread = client.thread
            places = (.redis, inRedis || parts.ledger != nil ? .redis : .memory, .redis)
        }

        /// Says at start what stays in this process's memory, so that no switch is silent.
        func describe(to logger: Logger) {
            if places.snapshot == .memory {
                logger.info("Stores in this process's memory: the snapshot, the delivery ledger, sink state, board ids and rate limits (no Redis)")
            } else if places.ledger == .memory {
                logger.notice(
                    "delivery.ledger is memory: the delivery ledger, sink state and board ids are kept in this process's memory, not in Redis; a restart may post a draw again")
            }
        }
    }
}

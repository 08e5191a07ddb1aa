// SPDX-License-Identifier: Apache-2.0
import BotSupport
import Logging
import ServiceLifecycle

/// Every `interval`, logs one line of what the bot did (`Summary (5m): Redis hit rate 98%
/// (294/300), 6 fallbacks, 150 posts, last draw 12345`) and shares the same counts in Redis for
/// `redgreen-bot status`. Stops on graceful shutdown.
package struct SummaryService: Service {
    private let monitor: BotMonitor
    private let interval: Duration
    private let stats: (any StatsRecorder)?
    private let wallClock: any WallClock
    private let clock: any Clock<Duration>
    private let logger: Logger

    /// A summary of `monitor`'s bot every `interval`; `stats` (nil: none) receives the counts.
    package init(
        monitor: BotMonitor, interval: Duration, stats: (any StatsRecorder)?, wallClock: any WallClock, clock: any Clock<Duration>,
        logger: Logger
    ) {
        self.monitor = monitor
        self.interval = interval
        self.stats = stats
        self.wallClock = wallClock
        self.clock = clock
        self.logger = logger
    }

    package func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    try await clock.sleep(for: interval)
                    await summarize()
                }
            }
        } catch is CancellationError {
            return
        }
    }

    /// Logs the summary of the interval that just ended and shares its counts.
    package func summarize() async {
        let counts = monitor.takeSummary()
        logger.info("\(counts.line(role: monitor.role, interval: interval))")
        guard let stats else { return }
        let entry = BotStats(
            locale: monitor.locale, role: monitor.role.rawValue, intervalMillis: interval.milliseconds, updatedMillis: wallClock.nowMillis(),
            counts: counts, lead: monitor.leadershipText()
        )
        do {
            try await stats.record(entry, ttl: max(interval * 3, .seconds(60)))
        } catch is CancellationError {
            return
        } catch {
            logger.debug("Could not share the summary in Redis: \(error)")
        }
    }
}

extension SummaryService: CustomStringConvertible {
    /// `SummaryService(vi)`, for service logs.
    package var description: String { "SummaryService(\(monitor.locale))" }
}

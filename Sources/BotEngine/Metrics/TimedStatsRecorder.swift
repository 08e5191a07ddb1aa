// SPDX-License-Identifier: Apache-2.0
/// A stats recorder that times each write of the recorder it wraps into
/// `redgreen_redis_command_duration_seconds{operation="stats"}`.
package struct TimedStatsRecorder: StatsRecorder {
    /// The recorder timed.
    package let base: any StatsRecorder
    private let metrics: BotMetrics

    /// Times `base` into `metrics`.
    package init(_ base: any StatsRecorder, metrics: BotMetrics) {
        self.base = base
        self.metrics = metrics
    }

    package func record(_ stats: BotStats, ttl: Duration) async throws {
        try await metrics.timingRedis("stats") { try await base.record(stats, ttl: ttl) }
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotStore
import BotSupport
/// A snapshot store that times each operation of the store it wraps into
/// `redgreen_redis_command_duration_seconds{operation="publish|fetch|lease"}`, answered or not, so
/// that the store itself (and `RedisClient`) stay free of metrics.
package struct TimedSnapshotStore: SnapshotStore {
    /// The store timed.
    package let base: any SnapshotStore
    private let metrics: BotMetrics

    /// Times `base` into `metrics`.
    package init(_ base: any SnapshotStore, metrics: BotMetrics) {
        self.base = base
        self.metrics = metrics
    }

    package func publish(
        snapshot: [UInt8], legacy: [UInt8], ttl: Duration, lease: String, announce: SnapshotAnnouncement, history: [Draw]
    ) async throws -> PublishOutcome {
        try await metrics.timingRedis("publish") {
            try await base.publish(snapshot: snapshot, legacy: legacy, ttl: ttl, lease: lease, announce: announce, history: history)
        }
    }

    package func history(after id: String?, count: Int) async throws -> HistoryRead? {
        try await metrics.timingRedis("fetch") { try await base.history(after: id, count: count) }
    }

    package func acquireLease(token: String, ttl: Duration) async throws -> Bool {
        try await metrics.timingRedis("lease") { try await base.acquireLease(token: token, ttl: ttl) }
    }

    package func renewLease(token: String, ttl: Duration) async throws -> Bool {
        try await metrics.timingRedis("lease") { try await base.renewLease(token: token, ttl: ttl) }
    }

    package func releaseLease(token: String) async throws {
        try await metrics.timingRedis("lease") { try await base.releaseLease(token: token) }
    }

    package func fetch() async throws -> StoredSnapshot {
        try await metrics.timingRedis("fetch") { try await base.fetch() }
    }

    package func primaryRemainingMillis() async throws -> Int64? {
        try await metrics.timingRedis("fetch") { try await base.primaryRemainingMillis() }
    }

    /// The base store's updates, untimed: following is not an operation.
    package func followUpdates(_ onUpdate: @Sendable (SnapshotUpdate) async -> Void) async {
        await base.followUpdates(onUpdate)
    }
}

/// A snapshot store that times each operation of the store it wraps into
/// `redgreen_redis_command_duration_seconds{operation="publish|fetch"}`, answered or not, so
/// that the store itself (and `RedisClient`) stay free of metrics.
public struct TimedSnapshotStore: SnapshotStore {
    /// The store timed.
    public let base: any SnapshotStore
    private let metrics: BotMetrics

    /// Times `base` for the bot of `locale`.
    public init(_ base: any SnapshotStore, locale: String) {
        self.base = base
        self.metrics = BotMetrics(locale: locale)
    }

    public func publish(snapshot: [UInt8], legacy: [UInt8], ttl: Duration) async throws {
        try await metrics.timingRedis("publish") { try await base.publish(snapshot: snapshot, legacy: legacy, ttl: ttl) }
    }

    public func fetch() async throws -> StoredSnapshot {
        try await metrics.timingRedis("fetch") { try await base.fetch() }
    }
}

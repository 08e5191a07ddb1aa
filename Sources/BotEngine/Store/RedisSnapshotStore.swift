import RedisClient

/// The snapshot store on a real Redis, through `RedisClient`.
///
/// A master's write is one Lua script: it checks the caller still holds the lease, `INCR`s the
/// sequence, writes the snapshot (with `"sequence"` added) and the legacy key with
/// `SET … PX ttl` (never a separate `EXPIRE`), and `PUBLISH`es the sequence on the update channel.
/// Reads `GET` and `PTTL` the primary key in one round trip and, only when it is missing, the
/// legacy key. Updates come from `subscriber`, a subscription to the update channel on a
/// connection of its own.
public struct RedisSnapshotStore: SnapshotStore {
    private let client: RedisClient
    private let keys: RedisKeys
    private let subscriber: RedisSubscriber?

    /// A store on `client` under `keys`; without a `subscriber` (subscribed to `keys.channel`) it
    /// reports no updates.
    public init(client: RedisClient, keys: RedisKeys, subscriber: RedisSubscriber? = nil) {
        self.client = client
        self.keys = keys
        self.subscriber = subscriber
    }

    /// KEYS: lease, sequence, snapshot, legacy. ARGV: token, ttl ms, snapshot JSON (an object),
    /// legacy payload, channel. Returns the new sequence, or -1 when the lease is not the caller's.
    static let publishScript = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
        local seq = redis.call('INCR', KEYS[2])
        local body = string.sub(ARGV[3], 1, -2) .. ',"sequence":' .. seq .. '}'
        redis.call('SET', KEYS[3], body, 'PX', ARGV[2])
        redis.call('SET', KEYS[4], ARGV[4], 'PX', ARGV[2])
        redis.call('PUBLISH', ARGV[5], seq)
        return seq
        """

    static let renewScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return 0
        """

    static let releaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """

    public func publish(snapshot: [UInt8], legacy: [UInt8], ttl: Duration, lease: String) async throws -> PublishOutcome {
        let reply = try await run {
            try await client.send([
                Array("EVAL".utf8), Array(Self.publishScript.utf8), Array("4".utf8), Array(keys.lease.utf8), Array(keys.sequence.utf8),
                Array(keys.snapshot.utf8), Array(keys.legacy.utf8), Array(lease.utf8), Array(String(ttl.milliseconds).utf8), snapshot, legacy,
                Array(keys.channel.utf8),
            ])
        }
        guard let sequence = reply.int else { throw StoreError("unexpected reply to the snapshot write: \(reply)") }
        return sequence < 0 ? .notLeader : .written(sequence: sequence)
    }

    public func fetch() async throws -> StoredSnapshot {
        let primary = try await pair(keys.snapshot)
        if case .bulk(let bytes) = primary.value { return .primary(bytes, remainingMillis: primary.remaining) }
        let legacy = try await pair(keys.legacy)
        guard case .bulk(let bytes) = legacy.value else { return .empty }
        return .legacy(bytes, remainingMillis: legacy.remaining)
    }

    /// `GET` and `PTTL` of `key` in one round trip.
    private func pair(_ key: String) async throws -> (value: RedisReply, remaining: Int64?) {
        let replies = try await run { try await client.valueAndRemainingLife(of: key) }
        do {
            return (try replies.value.get(), try replies.remainingMillis.get())
        } catch {
            throw StoreError(error, permissionHint: Self.permissionHint)
        }
    }

    public func acquireLease(token: String, ttl: Duration) async throws -> Bool {
        let reply = try await run { try await client.send(["SET", keys.lease, token, "NX", "PX", String(ttl.milliseconds)]) }
        if reply == .status("OK") { return true }
        return try await renewLease(token: token, ttl: ttl)
    }

    public func renewLease(token: String, ttl: Duration) async throws -> Bool {
        let reply = try await run { try await client.send(["EVAL", Self.renewScript, "1", keys.lease, token, String(ttl.milliseconds)]) }
        return reply.int == 1
    }

    public func releaseLease(token: String) async throws {
        _ = try await run { try await client.send(["EVAL", Self.releaseScript, "1", keys.lease, token]) }
    }

    public func followUpdates(_ onUpdate: @Sendable (SnapshotUpdate) async -> Void) async {
        guard let subscriber else { return }
        await subscriber.run { event in
            switch event {
            case .subscribed: await onUpdate(.subscribed)
            case .message(_, let payload): await onUpdate(.changed(sequence: Int64(String(decoding: payload, as: UTF8.self))))
            case .disconnected(let reason): await onUpdate(.lost(reason))
            }
        }
    }

    static let permissionHint = " (this bot's Redis user may not do this; masters need the writer user)"

    private func run<T>(_ body: () async throws -> T) async throws -> T {
        try await mappingRedisErrors(permissionHint: Self.permissionHint, body)
    }
}

import RedisClient

/// The snapshot store on a real Redis, through `RedisClient`.
///
/// A master's write is one Lua script: it checks the caller still holds the lease, `INCR`s the
/// sequence, writes the snapshot (with `"sequence"` added) and the legacy key with
/// `SET … PX ttl` (never a separate `EXPIRE`), and `PUBLISH`es the sequence on the update channel.
/// Reads run one script per key (the value, unless it is larger than `Snapshot.maxBytes`, and its
/// `PTTL`): the primary key and, only when it is missing, the legacy key.
public struct RedisSnapshotStore: SnapshotStore {
    private let client: RedisClient
    private let keys: SharedKeys

    /// A store on `client` under the configured keys.
    public init(client: RedisClient, keys: SharedKeys) {
        self.client = client
        self.keys = keys
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
                Array("EVAL".utf8), Array(Self.publishScript.utf8), Array("4".utf8), Array(keys.leaseKey.utf8), Array(keys.sequenceKey.utf8),
                Array(keys.key.utf8), Array(keys.legacyKey.utf8), Array(lease.utf8), Array(String(ttl.milliseconds).utf8), snapshot, legacy,
                Array(keys.channel.utf8),
            ])
        }
        guard let sequence = reply.int else { throw StoreError("unexpected reply to the snapshot write: \(reply)") }
        return sequence < 0 ? .notLeader : .written(sequence: sequence)
    }

    /// KEYS: the key. ARGV: the most bytes a reader takes. Returns the value (nil when the key is
    /// missing or holds more than ARGV[1] bytes), its PTTL and its size, so that an oversized value
    /// never leaves Redis. A user whose ACL lacks STRLEN (the users.acl of earlier releases) has
    /// the size measured inside the script instead. A key of another type answers WRONGTYPE.
    static let readScript = """
        local size = redis.pcall('STRLEN', KEYS[1])
        if type(size) == 'table' then
          if not string.find(size.err, 'NOPERM', 1, true) then return size end
          local value = redis.call('GET', KEYS[1])
          size = value and #value or 0
        end
        local ttl = redis.call('PTTL', KEYS[1])
        if size > tonumber(ARGV[1]) then return {false, ttl, size} end
        return {redis.call('GET', KEYS[1]), ttl, size}
        """

    public func fetch() async throws -> StoredSnapshot {
        switch try await read(keys.key) {
        case .value(let bytes, let remaining): return .primary(bytes, remainingMillis: remaining)
        case .refused(let reason): return .refused(reason)
        case .missing: break
        }
        switch try await read(keys.legacyKey) {
        case .value(let bytes, let remaining): return .legacy(bytes, remainingMillis: remaining)
        case .refused(let reason): return .refused(reason)
        case .missing: return .empty
        }
    }

    private enum KeyRead {
        case value([UInt8], remaining: Int64?)
        case missing
        case refused(String)
    }

    /// The value and remaining TTL of `key` in one round trip, unless it is too large or not a string.
    private func read(_ key: String) async throws -> KeyRead {
        let reply: RedisReply
        do {
            reply = try await client.send(["EVAL", Self.readScript, "1", key, String(Snapshot.maxBytes)])
        } catch let error as RedisError where error.code == .server && error.message.contains("WRONGTYPE") {
            return .refused("the key \(key) holds another type than a string (WRONGTYPE); left unread")
        } catch let error as RedisError {
            throw StoreError(error, permissionHint: Self.permissionHint)
        }
        guard case .array(let parts) = reply, parts.count == 3, let size = parts[2].int else {
            throw StoreError("unexpected reply to the snapshot read of \(key): \(reply)")
        }
        let remaining = parts[1].int.flatMap { $0 >= 0 ? $0 : nil }
        switch parts[0] {
        case .bulk(let bytes): return .value(bytes, remaining: remaining)
        case .null where size > Snapshot.maxBytes: return .refused(Snapshot.oversized("the key \(key)", bytes: Int(clamping: size)))
        case .null: return .missing
        default: throw StoreError("unexpected reply to the snapshot read of \(key): \(reply)")
        }
    }

    public func acquireLease(token: String, ttl: Duration) async throws -> Bool {
        let reply = try await run { try await client.send(["SET", keys.leaseKey, token, "NX", "PX", String(ttl.milliseconds)]) }
        if reply == .status("OK") { return true }
        return try await renewLease(token: token, ttl: ttl)
    }

    public func renewLease(token: String, ttl: Duration) async throws -> Bool {
        let reply = try await run { try await client.send(["EVAL", Self.renewScript, "1", keys.leaseKey, token, String(ttl.milliseconds)]) }
        return reply.int == 1
    }

    public func releaseLease(token: String) async throws {
        _ = try await run { try await client.send(["EVAL", Self.releaseScript, "1", keys.leaseKey, token]) }
    }

    static let permissionHint = " (this bot's Redis user may not do this; masters need the writer user)"

    private func run<T>(_ body: () async throws -> T) async throws -> T {
        try await mappingRedisErrors(permissionHint: Self.permissionHint, body)
    }
}

import RedisClient

/// The snapshot store on a real Redis, through `RedisClient`.
///
/// Writes go in one `MULTI`/`EXEC` with `SET key value PX ttl` for each key (never a separate
/// `EXPIRE`, so no key is ever left without expiry). Reads `GET` the primary key and, only when it
/// is missing, `GET` and `PTTL` the legacy key in one round trip.
public struct RedisSnapshotStore: SnapshotStore {
    private let client: RedisClient
    private let key: [UInt8]
    private let legacyKey: [UInt8]

    /// A store on `client` under the configured keys.
    public init(client: RedisClient, keys: SharedKeys) {
        self.client = client
        self.key = Array(keys.key.utf8)
        self.legacyKey = Array(keys.legacyKey.utf8)
    }

    public func publish(snapshot: [UInt8], legacy: [UInt8], ttl: Duration) async throws {
        let px = Array(String(ttl.milliseconds).utf8)
        let replies = try await run {
            try await client.pipeline([
                [Array("MULTI".utf8)],
                [Array("SET".utf8), key, snapshot, Array("PX".utf8), px],
                [Array("SET".utf8), legacyKey, legacy, Array("PX".utf8), px],
                [Array("EXEC".utf8)],
            ])
        }
        for reply in replies {
            if case .failure(let error) = reply { throw Self.storeError(error) }
        }
        guard case .success(.array(let results)) = replies.last, results.count == 2 else {
            throw StoreError("Redis did not apply the snapshot write (EXEC returned \(String(describing: replies.last)))")
        }
    }

    public func fetch() async throws -> StoredSnapshot {
        let primary = try await run { try await client.send([Array("GET".utf8), key]) }
        if case .bulk(let bytes) = primary { return .primary(bytes) }
        let replies = try await run {
            try await client.pipeline([[Array("GET".utf8), legacyKey], [Array("PTTL".utf8), legacyKey]])
        }
        guard replies.count == 2, case .success(let value) = replies[0], case .success(let ttl) = replies[1] else {
            if let failure = replies.lazy.compactMap({ if case .failure(let error) = $0 { error } else { nil } }).first {
                throw Self.storeError(failure)
            }
            throw StoreError("unexpected reply to GET/PTTL of the legacy key")
        }
        guard case .bulk(let bytes) = value else { return .empty }
        let remaining = ttl.int.flatMap { $0 >= 0 ? $0 : nil }
        return .legacy(bytes, remainingMillis: remaining)
    }

    private func run<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as RedisError {
            throw Self.storeError(error)
        }
    }

    private static func storeError(_ error: RedisError) -> StoreError {
        StoreError(error.message, isPermissionDenied: error.code == .server && error.message.hasPrefix("NOPERM"))
    }
}

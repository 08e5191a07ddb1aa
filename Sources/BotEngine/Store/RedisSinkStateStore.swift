// SPDX-License-Identifier: Apache-2.0
import RedisClient

/// Sink state in Redis, under `RedisKeys.sinkState` (the locale first, so that an ACL gives each
/// reader its own keys): a plain string with no expiry, since it stays true until the operator
/// changes the config.
public struct RedisSinkStateStore: SinkStateStore {
    private let client: RedisClient
    private let keys: RedisKeys

    /// A store on `client` under `keys`.
    public init(client: RedisClient, keys: RedisKeys) {
        self.client = client
        self.keys = keys
    }

    private func redisKey(_ key: SinkStateKey) -> String { keys.sinkState(locale: key.locale, sink: key.sink, field: key.field) }

    public func value(of key: SinkStateKey) async throws -> String? {
        try await mappingRedisErrors { try await client.send(["GET", redisKey(key)]) }.string
    }

    public func setValue(_ value: String, for key: SinkStateKey) async throws {
        _ = try await mappingRedisErrors { try await client.send(["SET", redisKey(key), value]) }
    }

    /// `INCR` then `PEXPIRE` of `RedisKeys.discordInvalidRequests(window:)`.
    public func countInvalidRequest(window: Int64, ttl: Duration) async throws -> Int {
        let key = RedisKeys.discordInvalidRequests(window: window)
        let count = try await mappingRedisErrors { try await client.send(["INCR", key]) }.int ?? 0
        _ = try await mappingRedisErrors { try await client.send(["PEXPIRE", key, String(ttl.milliseconds)]) }
        return Int(count)
    }
}

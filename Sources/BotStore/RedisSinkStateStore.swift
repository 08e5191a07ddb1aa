// SPDX-License-Identifier: Apache-2.0
import BotSupport
import RedisClient

/// Sink state in Redis, under `RedisKeys.sinkState` (the locale first, so that an ACL gives each
/// reader its own keys): a plain string with no expiry, since it stays true until the operator
/// changes the config (a board lives as long as its chat).
///
/// A board id an earlier release kept under `RedisKeys.earlierBoard` is moved on the first read
/// that finds none in the sink's state (one script: copied, the old key deleted), so that a fleet
/// upgraded while running edits its board rather than posting a second one.
package struct RedisSinkStateStore: SinkStateStore {
    private let client: RedisClient
    private let keys: RedisKeys

    /// A store on `client` under `keys`.
    package init(client: RedisClient, keys: RedisKeys) {
        self.client = client
        self.keys = keys
    }

    private func redisKey(_ key: SinkStateKey) -> String { keys.sinkState(locale: key.locale, sink: key.sink, field: key.field) }

    /// Reads the value, or takes over the board id of an earlier release when there is none.
    static let takeOverScript = """
        local v = redis.call('GET', KEYS[1])
        if v then return v end
        v = redis.call('GET', KEYS[2])
        if v then
          redis.call('SET', KEYS[1], v)
          redis.call('DEL', KEYS[2])
        end
        return v
        """

    package func value(of key: SinkStateKey) async throws -> String? {
        guard key.field == SinkStateKey.boardField else {
            return try await mappingRedisErrors { try await client.send(["GET", redisKey(key)]) }.string
        }
        let earlier = keys.earlierBoard(locale: key.locale, sink: key.sink)
        do {
            return try await mappingRedisErrors { try await client.send(["EVAL", Self.takeOverScript, "2", redisKey(key), earlier]) }.string
        } catch {
            // An ACL without the earlier key family (`~redgreen:board:…`): nothing to move.
            return try await mappingRedisErrors { try await client.send(["GET", redisKey(key)]) }.string
        }
    }

    package func setValue(_ value: String, for key: SinkStateKey) async throws {
        _ = try await mappingRedisErrors { try await client.send(["SET", redisKey(key), value]) }
    }

    /// `INCR` then `PEXPIRE` of `RedisKeys.discordInvalidRequests(window:)`.
    package func countInvalidRequest(window: Int64, ttl: Duration) async throws -> Int {
        let key = RedisKeys.discordInvalidRequests(window: window)
        let count = try await mappingRedisErrors { try await client.send(["INCR", key]) }.int ?? 0
        _ = try await mappingRedisErrors { try await client.send(["PEXPIRE", key, String(ttl.milliseconds)]) }
        return Int(count)
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotSupport
import RedisClient

/// Writes a bot's summary counts to its stats hash (see `RedisKeys`) with `HSET`, and its expiry
/// with `PEXPIRE`, in one round trip. (BotEngine makes it its `StatsRecorder`.)
package struct RedisStatsRecorder: Sendable {
    private let client: RedisClient
    private let keys: RedisKeys

    /// A recorder on `client` under `keys`.
    package init(client: RedisClient, keys: RedisKeys) {
        self.client = client
        self.keys = keys
    }

    /// Writes `fields` to the stats hash of `locale`, kept for `ttl`.
    package func record(locale: String, fields: [(String, String)], ttl: Duration) async throws {
        let key = keys.stats(locale: locale)
        let set = ["HSET", key] + fields.flatMap { [$0.0, $0.1] }
        let replies: [Result<RedisReply, RedisError>]
        do {
            let commands = [set, ["PEXPIRE", key, String(ttl.milliseconds)]].map { $0.map { Array($0.utf8) } }
            replies = try await client.pipeline(commands)
        } catch let error as RedisError {
            throw StoreError(error)
        }
        for reply in replies {
            if case .failure(let error) = reply { throw StoreError(error) }
        }
    }
}

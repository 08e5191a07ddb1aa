// SPDX-License-Identifier: Apache-2.0
import BotSupport
import Foundation
import RedisClient

extension RedisConfiguration {
    /// The Redis connection settings of `config`, with credentials from its secret sources:
    /// through the Sentinels when `redis.sentinels` names them (unless `REDIS_URL` is set), else `redis.url`.
    init(bot config: BotConfig) throws(FileError) {
        if let sentinel = config.redis.sentinel, !config.redis.urlFromEnvironment {
            let group = RedisSentinelGroup(
                sentinels: sentinel.sentinels.map { address in
                    RedisEndpoint(host: address.host, port: address.port, username: sentinel.username, password: sentinel.password?.value)
                },
                masterName: sentinel.masterName, database: sentinel.database, username: config.redis.username,
                password: config.redis.password?.value, sentinelTimeout: sentinel.timeout
            )
            self.init(discovery: .sentinel(group), connectTimeout: config.redis.timeout, commandTimeout: config.redis.timeout)
            return
        }
        var endpoint: RedisEndpoint
        do {
            endpoint = try RedisEndpoint(url: config.redis.url)
        } catch {
            let source =
                ProcessInfo.processInfo.environment[BotConfig.redisURLVariable] == config.redis.url ? " (from \(BotConfig.redisURLVariable))" : ""
            throw FileError(.invalidValue, file: config.file, key: "redis.url", "\(error)\(source)")
        }
        if let username = config.redis.username { endpoint.username = username }
        if let password = config.redis.password { endpoint.password = password.value }
        self.init(endpoint: endpoint, connectTimeout: config.redis.timeout, commandTimeout: config.redis.timeout)
    }
}

extension RedisClient {
    /// `GET` and `PTTL` of `key` in one round trip: what each answered (or the server's refusal);
    /// the remaining life is in milliseconds, nil without a key or an expiry.
    func valueAndRemainingLife(
        of key: String
    ) async throws -> (value: Result<RedisReply, RedisError>, remainingMillis: Result<Int64?, RedisError>) {
        let replies = try await pipeline([["GET", key], ["PTTL", key]].map { $0.map { Array($0.utf8) } })
        guard replies.count == 2 else { throw RedisError(.protocolError, "unexpected reply to GET/PTTL \(key)") }
        return (replies[0], replies[1].map { $0.int.flatMap { $0 >= 0 ? $0 : nil } })
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotStore
import BotSupport
import Foundation
import Logging
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

extension BotAssembly {
    /// Refuses `config`'s Redis settings as the bot would at start (a bad URL, a Sentinel without
    /// its name), the error naming the key; for `config check`.
    package static func checkRedisSettings(of config: BotConfig) throws(FileError) {
        _ = try RedisConfiguration(bot: config)
    }

    /// A probe on a new connection with `config`'s Redis settings and credentials, for `config check --connect`.
    package static func storeProbe(config: BotConfig, logger: Logger) throws(FileError) -> StoreProbe {
        StoreProbe(client: RedisClient(configuration: try RedisConfiguration(bot: config), logger: logger))
    }
}

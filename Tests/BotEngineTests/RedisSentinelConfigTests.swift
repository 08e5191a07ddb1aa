// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotSupport
import Foundation
import Testing

/// `redis.sentinels` and its keys: parsed, checked together, and named in every error.
@Suite struct RedisSentinelConfigTests {
    static let base = """
        locale: vi
        role: reader
        upstream:
          url: http://127.0.0.1:8080/api/draws
        redis:

        """

    func parse(_ redis: String, env: [String: String] = [:]) throws(FileError) -> BotConfig {
        try BotConfig.parse(yaml: Self.base + redis, file: "Config/test.yaml", environment: env)
    }

    @Test func sentinelsAndMasterName() throws {
        let config = try parse(
            """
              sentinels: ["127.0.0.1:26379", "redis-b.internal:26380", "[::1]:26381"]
              master_name: mymaster
              database: 2
              username: redgreen-reader-vi
              password_env: REDIS_PASSWORD
              sentinel_username: watcher
              sentinel_password_env: SENTINEL_PASSWORD
              sentinel_timeout: 300ms

            """, env: ["REDIS_PASSWORD": "data-pw", "SENTINEL_PASSWORD": "sentinel-pw"])
        let sentinel = try #require(config.redis.sentinel)
        #expect(sentinel.sentinels.map(\.host) == ["127.0.0.1", "redis-b.internal", "::1"])
        #expect(sentinel.sentinels.map(\.port) == [26379, 26380, 26381])
        #expect(sentinel.masterName == "mymaster")
        #expect(sentinel.database == 2)
        #expect(sentinel.username == "watcher")
        #expect(sentinel.password?.value == "sentinel-pw")
        #expect(sentinel.timeout == .milliseconds(300))
        #expect(config.redis.username == "redgreen-reader-vi")
        #expect(config.redis.password?.value == "data-pw")
    }

    @Test func withoutSentinelsTheURLIsUsed() throws {
        let config = try parse("  url: redis://10.0.0.5:6379/1\n")
        #expect(config.redis.sentinel == nil)
        #expect(config.redis.url == "redis://10.0.0.5:6379/1")
    }

    @Test func redisURLFromTheEnvironmentIsMarked() throws {
        let config = try parse("  sentinels: [\"127.0.0.1:26379\"]\n  master_name: m\n", env: ["REDIS_URL": "redis://10.0.0.9:6380"])
        #expect(config.redis.urlFromEnvironment)
        #expect(config.redis.url == "redis://10.0.0.9:6380")
        #expect(config.redis.sentinel != nil)
    }

    @Test func aBotWithSentinelsAndREDIS_URLSaysWhichItUses() throws {
        var config = try parse("  sentinels: [\"127.0.0.1:26379\"]\n  master_name: m\n", env: ["REDIS_URL": "redis://127.0.0.1:6390"])
        config.localesDirectory = RepoPaths.locales
        let recorder = LogRecorder()
        _ = try TestBot(config: config).with { $0.parts.makeLogger = { recorder.logger(label: $0) } }.bot()
        #expect(recorder.entries(atLeast: .warning, containing: "REDIS_URL is set: connecting to it directly").count == 1)
    }

    struct Bad: CustomTestStringConvertible, Sendable {
        var redis: String
        var key: String
        var code: FileError.Code
        var says: String
        var testDescription: String { "\(key): \(says)" }
    }

    static let bad: [Bad] = [
        Bad(redis: "  sentinels: [\"127.0.0.1:26379\"]\n", key: "redis.master_name", code: .missingKey, says: "is required with redis.sentinels"),
        Bad(redis: "  master_name: mymaster\n", key: "redis.master_name", code: .missingKey, says: "needs redis.sentinels"),
        Bad(
            redis: "  url: redis://127.0.0.1:6379\n  sentinels: [\"127.0.0.1:26379\"]\n  master_name: m\n", key: "redis.url", code: .invalidValue,
            says: "set redis.url or redis.sentinels"),
        Bad(
            redis: "  sentinels: [\"127.0.0.1:26379\", \"sentinel-b\"]\n  master_name: m\n", key: "redis.sentinels[1]", code: .invalidValue,
            says: "expected host:port"),
        Bad(
            redis: "  sentinels: [\"127.0.0.1:99999\"]\n  master_name: m\n", key: "redis.sentinels[0]", code: .invalidValue,
            says: "expected host:port"),
        Bad(redis: "  sentinels: []\n  master_name: m\n", key: "redis.sentinels", code: .invalidValue, says: "at least one Sentinel"),
        Bad(redis: "  sentinels: 127.0.0.1:26379\n  master_name: m\n", key: "redis.sentinels", code: .wrongType, says: "expected a list"),
        Bad(redis: "  database: 2\n", key: "redis.database", code: .invalidValue, says: "put the database in the URL"),
        Bad(redis: "  sentinel_password_env: X\n", key: "redis.sentinel_password_env", code: .invalidValue, says: "only with redis.sentinels"),
        Bad(
            redis: "  sentinels: [\"127.0.0.1:26379\"]\n  master_name: m\n  sentinel_password: hunter2\n", key: "redis.sentinel_password",
            code: .secretInFile, says: "sentinel_password_env"),
        Bad(
            redis: "  sentinels: [\"127.0.0.1:26379\"]\n  master_name: m\n  database: -1\n", key: "redis.database", code: .invalidValue,
            says: "between 0 and 9999"),
    ]

    @Test(arguments: bad)
    func badSentinelConfigNamesTheKey(_ bad: Bad) {
        let error = #expect(throws: FileError.self) { try parse(bad.redis) }
        #expect(error?.key == bad.key)
        #expect(error?.code == bad.code)
        #expect(error?.message.contains(bad.says) == true, "\(error?.message ?? "no error")")
        #expect(error?.description.contains("hunter2") == false)
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotStore
import Logging
import RedisClient
import TestHarness
import Testing

/// `status` on a Redis whose values are out of any range (issue 19): it crashed on stats fields
/// (arithmetic overflow) and lost a locale whose ledger `done` key was extreme. Now every locale is
/// listed, and what cannot be computed is left blank.
@Suite struct StatusExtremeValueTests {
    @Test func extremeLedgerAndStatsValuesNeitherCrashNorHideALocale() async throws {
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let client = RedisClient(configuration: RedisConfiguration(endpoint: try RedisEndpoint(url: redis.url)), logger: Logger(label: "t"))
        let issue = Int64.max
        let snapshot = Snapshot(
            timestamp: 1_000, feed: Fixtures.feed((issue - 2)...issue),
            processed: .init(issueNumber: issue, colors: "", resultFormat: "", gameType: "RG5M", lastUpdate: 1_000))
        _ = try await client.send([Array("SET".utf8), Array("fivem_red_green_shared_data".utf8), snapshot.encoded()])
        let done: [(String, String)] = [
            ("en", "-9223372036854775808"), ("vi", "99999999999999999999"), ("ja", "not a number"), ("id", "9223372036854775807"),
        ]
        for (locale, value) in done { _ = try await client.send(["SET", "redgreen:ledger:\(locale):RG5M:console:done", value]) }
        _ = try await client.send([
            "HSET", "redgreen:stats:RG5M:th", "role", "reader", "interval_ms", "9223372036854775807", "updated_ms", "-9223372036854775808",
            "reads", "1", "hits", "9223372036854775807", "posts", "99999999999999999999", "last_issue", "-9223372036854775808",
        ])
        _ = try await client.send(["HSET", "redgreen:stats:RG5M:ko", "role", "reader", "interval_ms", "99999999999999999999", "updated_ms", "1"])

        var config = BotConfig(locale: "en", role: .master, upstreamURL: "http://127.0.0.1:1/api")
        config.redis.url = redis.url
        let status = try await FleetStatusReader(config: config, wallClock: ManualWallClock(), logger: Logger(label: "t")).read()
        #expect(status.locales.map(\.locale) == ["en", "id", "ja", "ko", "th", "vi"])
        let en = try #require(status.locales.first { $0.locale == "en" })
        #expect(en.lastPostedIssue == .min && en.lag == nil)
        #expect(status.locales.first { $0.locale == "id" }?.lag == 0)
        for code in ["vi", "ja"] {
            let locale = try #require(status.locales.first { $0.locale == code })
            #expect(locale.sinks.map(\.name) == ["console"], "\(code)")
            #expect(locale.lastPostedIssue == nil && locale.lag == nil, "\(code)")
        }
        let th = try #require(status.locales.first { $0.locale == "th" }?.stats)
        #expect(th.updatedAgoMillis == .max)
        #expect(th.hitRatePercent == nil)
        let text = status.text()
        for code in ["en", "id", "ja", "ko", "th", "vi"] {
            #expect(text.contains("\n\(code) "), "\(code) missing from:\n\(text)")
        }
    }
}

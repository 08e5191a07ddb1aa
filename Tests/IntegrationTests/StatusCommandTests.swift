// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotStore
import Foundation
import RedisClient
import Logging
import TestHarness
import Testing

/// `redgreen-bot status` against a real fleet: the built binary as a master and two readers,
/// then the status command on the same Redis.
@Suite(.serialized) struct StatusCommandTests {
    @Test func statusShowsTheSnapshotTheLeaseAndEveryLocale() async throws {
        let fixture = try await ProcessFixture.start()
        defer { fixture.redis.stop() }
        let (binary, redis, sim, dir, env) = (fixture.binary, fixture.redis, fixture.sim, fixture.dir, fixture.env)
        // An idle reader checks the snapshot only every half freshness window: with 3 s, every
        // 3 s summary of vi holds a check or two, for the hit rate below (and the master, which
        // rewrites the snapshot every 1.5 s, keeps it fresh on a loaded machine).
        let summary = "log:\n  summary_interval: 3s\nshared:\n  freshness: 3s"
        var bots: [String: ChildProcess] = [:]
        for (code, role) in [("en", "master"), ("vi", "reader"), ("ja", "reader")] {
            bots[code] = try ChildProcess(
                binary, ["run", "--config", try Ops.writeConfig(code: code, role: role, dir: dir, extra: summary)], environment: env)
        }
        sim.state.publish()
        let last = sim.latestIssue
        for (code, bot) in bots {
            #expect(await bot.waitFor(timeout: .seconds(60)) { Ops.posts($0).last?.issue == last }, "\(code): \(bot.stderr)")
        }
        // A summary after the last post has shared the counts.
        for (code, bot) in bots {
            let before = bot.stderr.components(separatedBy: "Summary (3s)").count
            #expect(await bot.waitFor(timeout: .seconds(60)) { $0.stderr.components(separatedBy: "Summary (3s)").count > before + 1 }, "\(code)")
        }
        for bot in bots.values {
            bot.signal(SIGTERM)
            #expect(await bot.waitForExit(timeout: ChildProcess.stopDeadline) == 0)
        }

        let text = try await Ops.run(["status", "--config", "\(dir)/en.yaml"], environment: ["REDIS_URL": redis.url])
        #expect(text.status == 0, "\(text.stderr)")
        let lines = text.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "Fleet RG5M on \(redis.url)")
        #expect(lines.contains { $0.hasPrefix("Snapshot  fivem_red_green_shared_data: draw \(last), written ") }, "\(text.stdout)")
        #expect(lines.contains("Lease     redgreen:lease:RG5M: none"), "\(text.stdout)\n\(bots["en"]!.stderr)")
        for code in ["en", "ja", "vi"] {
            let row = lines.first { $0.hasPrefix("\(code) ") }?.split(separator: " ", omittingEmptySubsequences: true).map(String.init) ?? []
            #expect(row.count >= 4 && row[1] == String(last) && row[2] == "0" && row[3] == "console", "\(code): \(row)")
        }
        #expect(lines.first { $0.hasPrefix("vi ") }?.contains("% (") == true, "no hit rate for vi: \(text.stdout)")
        #expect(lines.first { $0.hasPrefix("vi ") }?.contains("reader, 3s, ") == true, "\(text.stdout)")

        // A lease, as a standby-capable master would hold it.
        let client = RedisClient(configuration: RedisConfiguration(endpoint: try RedisEndpoint(url: redis.url)), logger: Logger(label: "t"))
        _ = try await client.send(["SET", "redgreen:lease:RG5M", "en@host-1", "PX", "60000"])
        let json = try await Ops.run(["status", "--json", "--config", "\(dir)/en.yaml"], environment: ["REDIS_URL": redis.url])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let snapshot = try #require(object["snapshot"] as? [String: Any])
        #expect(snapshot["issue"] as? Int == Int(last))
        #expect((snapshot["ttl_millis"] as? Int ?? 0) > 0)
        let lease = try #require(object["lease"] as? [String: Any])
        #expect(lease["holder"] as? String == "en@host-1")
        #expect((lease["ttl_millis"] as? Int ?? 0) > 0)
        let locales = try #require(object["locales"] as? [[String: Any]])
        #expect(locales.compactMap { $0["locale"] as? String } == ["en", "ja", "vi"])
        for locale in locales {
            #expect(locale["last_posted_issue"] as? Int == Int(last))
            #expect(locale["lag"] as? Int == 0)
        }
        let viStats = try #require(locales.last?["stats"] as? [String: Any])
        #expect(viStats["role"] as? String == "reader")
        #expect((viStats["reads"] as? Int ?? 0) > 0)
        #expect(viStats["hit_rate_percent"] is Int)
        let enStats = try #require(locales.first?["stats"] as? [String: Any])
        #expect(enStats["role"] as? String == "master" && (enStats["writes"] as? Int ?? 0) > 0)

        let text2 = try await Ops.run(["status", "--config", "\(dir)/en.yaml"], environment: ["REDIS_URL": redis.url])
        #expect(text2.stdout.contains("Lease     redgreen:lease:RG5M: held by en@host-1 (expires in "), "\(text2.stdout)")
        await sim.stop()
    }

    @Test func anUnreachableRedisIsAClearMessageAndStatusOne() async throws {
        let dir = try BotBinary.temporaryDirectory()
        let port = try FreePort.next()
        let config = try Ops.writeConfig(code: "en", role: "master", dir: dir)
        let result = try await Ops.run(["status", "--config", config], environment: ["REDIS_URL": "redis://127.0.0.1:\(port)"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("redgreen-bot: status: Redis at redis://127.0.0.1:\(port) is unreachable: "), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    }

    @Test func aBadConfigExitsWithStatusTwo() async throws {
        let dir = try BotBinary.temporaryDirectory()
        let config = try Ops.writeConfig(code: "en", role: "master", dir: dir, extra: "metrics:\n  listen: nowhere")
        let result = try await Ops.run(["status", "--config", config])
        #expect(result.status == 2)
        #expect(result.stderr.contains("metrics.listen"), "\(result.stderr)")
    }

    @Test func anEmptyRedisHasNoSnapshotAndNoLocales() async throws {
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let dir = try BotBinary.temporaryDirectory()
        let result = try await Ops.run(
            ["status", "--config", try Ops.writeConfig(code: "en", role: "master", dir: dir)], environment: ["REDIS_URL": redis.url])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Snapshot  fivem_red_green_shared_data: none"))
        #expect(result.stdout.contains("No locale has a delivery record or shares its stats yet."))
    }

    /// A key planted in Redis whose locale and sink names hold terminal controls (issue 27: they
    /// cleared and retitled the operator's terminal): the binary prints them escaped.
    @Test func statusEscapesTheControlCharactersOfAPlantedKey() async throws {
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let client = RedisClient(configuration: RedisConfiguration(endpoint: try RedisEndpoint(url: redis.url)), logger: Logger(label: "t"))
        let locale = "x\u{1B}]0;owned\u{07}\u{1B}[2J"
        _ = try await client.send(["SET", RedisKeys().ledgerDone(locale: locale, sink: "console\r\u{1B}c"), "5"])
        _ = try await client.send(["SET", "redgreen:lease:RG5M", "en@host \u{1B}[H", "PX", "60000"])
        let dir = try BotBinary.temporaryDirectory()
        let result = try await Ops.run(
            ["status", "--config", try Ops.writeConfig(code: "en", role: "master", dir: dir)], environment: ["REDIS_URL": redis.url])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(result.stdout.debugDescription)")
        #expect(result.stdout.contains("x\\u{1B}]0;owned\\u{7}\\u{1B}[2J"), "\(result.stdout)")
        #expect(result.stdout.contains("console\\u{D}\\u{1B}c"), "\(result.stdout)")
        #expect(result.stdout.contains("held by en@host \\u{1B}[H"), "\(result.stdout)")
    }
}

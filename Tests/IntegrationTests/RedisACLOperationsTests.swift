// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotStore
import Foundation
import Logging
import RedisClient
import TestHarness
import Testing

/// The operations features under `deploy/redis/users.acl`: each reader shares its own stats
/// hash and no other, and `status` reads the whole fleet with the writer's or a reader's login.
@Suite(.serialized) struct RedisACLOperationsTests {
    static func client(_ user: String, port: Int) throws -> RedisClient {
        RedisClient(
            configuration: RedisConfiguration(endpoint: try RedisEndpoint(url: RedisACLTests.url(user, port: port))), logger: Logger(label: "t"))
    }

    static func stats(_ locale: String) -> BotStats {
        BotStats(locale: locale, role: "reader", intervalMillis: 300_000, updatedMillis: 1_740_000_000_000, counts: SummaryCounts())
    }

    @Test func aReaderSharesItsOwnStatsAndNoOneElses() async throws {
        let redis = try RedisServerProcess.start(extraArguments: ["--aclfile", try RedisACLTests.aclFile()])
        defer { redis.stop() }
        let recorder = RedisStatsRecorder(client: try Self.client("redgreen-reader-vi", port: redis.port), keys: RedisKeys())
        try await recorder.record(Self.stats("vi"), ttl: .seconds(900))
        let error = await #expect(throws: StoreError.self) { try await recorder.record(Self.stats("ja"), ttl: .seconds(900)) }
        #expect(error?.isPermissionDenied == true, "\(String(describing: error))")
        let writer = RedisStatsRecorder(client: try Self.client("redgreen-writer", port: redis.port), keys: RedisKeys())
        try await writer.record(Self.stats("en"), ttl: .seconds(900))
    }

    @Test(arguments: ["redgreen-writer", "redgreen-reader-ja"])
    func statusReadsTheFleetWithABotsLogin(user: String) async throws {
        let redis = try RedisServerProcess.start(extraArguments: ["--aclfile", try RedisACLTests.aclFile()])
        defer { redis.stop() }
        let sim = try await RunningSimulator.start()
        var urls = ["en": RedisACLTests.url("redgreen-writer", port: redis.port)]
        for code in TestFleet.readerCodes { urls[code] = RedisACLTests.url("redgreen-reader-\(code)", port: redis.port) }
        let fleet = try TestFleet(redisURL: redis.url, upstreamURL: sim.url, redisURLs: urls)
        await fleet.pollMaster()
        #expect(await fleet.pollReaders().values.allSatisfy { $0 == .store })
        let writer = try Self.client("redgreen-writer", port: redis.port)
        _ = try await writer.send(["SET", "redgreen:lease:RG5M", "en@host-1", "PX", "60000"])
        try await RedisStatsRecorder(client: try Self.client("redgreen-reader-vi", port: redis.port), keys: RedisKeys()).record(
            Self.stats("vi"), ttl: .seconds(60))

        var config = BotConfig(locale: "en", role: .master, upstreamURL: sim.url)
        config.redis.url = RedisACLTests.url(user, port: redis.port)
        let status = try await FleetStatusReader(config: config, logger: Logger(label: "t")).read()
        #expect(status.redis == "redis://\(user):***@127.0.0.1:\(redis.port)")
        #expect(status.snapshot.issue == sim.latestIssue && status.snapshot.problem == nil)
        #expect(status.lease.holder == "en@host-1" && status.lease.problem == nil)
        #expect(status.locales.map(\.locale) == ["en", "id", "ja", "vi"])
        #expect(status.locales.allSatisfy { $0.lastPostedIssue == sim.latestIssue })
        #expect(status.locales.first { $0.locale == "vi" }?.stats?.role == "reader")
        await sim.stop()
    }
}

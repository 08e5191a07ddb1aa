// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotStore
import Foundation
import Logging
import RedisClient
import TestHarness
import Testing

/// The fleet on a redis-server that loads `deploy/redis/users.acl`: the writer user for the
/// master, one reader user per locale, the default user off.
@Suite(.serialized) struct RedisACLTests {
    /// The shipped ACL file with a test password added to each user.
    static func aclFile() throws -> String {
        let shipped = try String(contentsOfFile: RepoPaths.root + "/deploy/redis/users.acl", encoding: .utf8)
        let lines = shipped.split(separator: "\n").map { line -> String in
            guard line.hasPrefix("user redgreen-") else { return String(line) }
            let name = line.split(separator: " ")[1]
            return "\(line) >pw-\(name)"
        }
        let path = NSTemporaryDirectory() + "/users-\(UUID().uuidString).acl"
        try lines.joined(separator: "\n").appending("\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func url(_ user: String, port: Int) -> String { "redis://\(user):pw-\(user)@127.0.0.1:\(port)" }

    @Test func theFleetRunsWithItsACLUsersAndTheDefaultUserIsOff() async throws {
        let redis = try RedisServerProcess.start(extraArguments: ["--aclfile", try Self.aclFile()])
        defer { redis.stop() }
        let sim = try await RunningSimulator.start()
        var urls = ["en": Self.url("redgreen-writer", port: redis.port)]
        for code in TestFleet.readerCodes { urls[code] = Self.url("redgreen-reader-\(code)", port: redis.port) }
        let fleet = try TestFleet(redisURL: redis.url, upstreamURL: sim.url, redisURLs: urls)

        await fleet.pollMaster()
        #expect(await fleet.pollReaders().values.allSatisfy { $0 == .store })
        sim.state.publish()
        await fleet.pollMaster()
        #expect(await fleet.pollReaders().values.allSatisfy { $0 == .store })
        for code in fleet.all { #expect(fleet.issues(code).last == sim.latestIssue) }
        #expect(sim.state.requestCounts.byUserAgent.keys.allSatisfy { $0.contains("(en; master)") })

        let anonymous = RedisClient(configuration: RedisConfiguration(endpoint: try RedisEndpoint(url: redis.url)), logger: Logger(label: "t"))
        let error = await #expect(throws: RedisError.self) { try await anonymous.send(["GET", "fivem_red_green_shared_data"]) }
        #expect(error?.message.contains("NOAUTH") == true || error?.message.contains("NOPERM") == true, "\(error?.message ?? "")")
        await sim.stop()
    }

    @Test func aReaderThatTriesToWriteTheSnapshotGetsNOPERMAndAClearError() async throws {
        let redis = try RedisServerProcess.start(extraArguments: ["--aclfile", try Self.aclFile()])
        defer { redis.stop() }
        let reader = RedisClient(
            configuration: RedisConfiguration(endpoint: try RedisEndpoint(url: Self.url("redgreen-reader-vi", port: redis.port))),
            logger: Logger(label: "t")
        )
        let store = RedisSnapshotStore(client: reader, keys: RedisKeys())
        let error = await #expect(throws: StoreError.self) {
            try await store.publish(snapshot: Array("{}".utf8), legacy: Array("{}".utf8), ttl: .seconds(300), lease: "x")
        }
        #expect(error?.isPermissionDenied == true)
        #expect(error?.description.contains("NOPERM") == true, "\(error?.description ?? "")")
        #expect(error?.description.contains("pw-") == false)

        // Its own ledger keys are writable; another locale's are not.
        let ledger = RedisDeliveryLedger(client: reader, keys: RedisKeys())
        #expect(try await ledger.claim(LedgerKey(locale: "vi", sink: "console", issue: 1), ttl: .seconds(10)) == .claimed)
        await #expect(throws: StoreError.self) { try await ledger.claim(LedgerKey(locale: "ja", sink: "console", issue: 1), ttl: .seconds(10)) }
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotStore
import Foundation
import Logging
import RedisClient
import TestHarness
import Testing

/// What a reader takes from the snapshot keys on a real redis-server (issue 19, items 6 and 12):
/// a value larger than `Snapshot.maxBytes` never leaves Redis (with the shipped ACL) (a 400 MB value swung a reader
/// between 0.4 and 1.2 GB on every poll), and a key of another type is said to be one, not
/// "Redis unavailable". Both are a miss with a clear reason, as a corrupt snapshot is.
@Suite(.serialized) struct SnapshotReadBoundTests {
    static func client(_ url: String) throws -> RedisClient {
        RedisClient(configuration: RedisConfiguration(endpoint: try RedisEndpoint(url: url)), logger: Logger(label: "t"))
    }

    static func oversized() -> [UInt8] { [UInt8](repeating: 0x20, count: Snapshot.maxBytes + 1) }

    /// Checks the reads of `store`, whose client may only read; `admin` writes the keys.
    static func expectBoundedReads(_ store: RedisSnapshotStore, admin: RedisClient) async throws {
        let keys = RedisKeys()
        _ = try await admin.send([Array("SET".utf8), Array(keys.snapshot.utf8), oversized(), Array("PX".utf8), Array("60000".utf8)])
        let big = try await store.fetch()
        #expect(
            big
                == .refused(
                    "the key \(keys.snapshot) holds \(Snapshot.maxBytes + 1) bytes, more than the \(Snapshot.maxBytes) a snapshot may have; left unread"))
        let reading = SnapshotReading.judge(big, nowMillis: 1, freshness: .seconds(10), ttl: .seconds(300))
        guard case .corrupt = reading else {
            Issue.record("an oversized snapshot read as \(reading)")
            return
        }

        _ = try await admin.send(["DEL", keys.snapshot])
        _ = try await admin.send(["HSET", keys.snapshot, "game_data", "{}"])
        #expect(try await store.fetch() == .refused("the key \(keys.snapshot) holds another type than a string (WRONGTYPE); left unread"))

        _ = try await admin.send(["DEL", keys.snapshot])
        _ = try await admin.send([Array("SET".utf8), Array(keys.legacy.utf8), oversized()])
        guard case .refused(let legacy) = try await store.fetch() else {
            Issue.record("an oversized legacy key was read")
            return
        }
        #expect(legacy.hasPrefix("the key \(keys.legacy) holds"))

        _ = try await admin.send(["SET", keys.legacy, "{}", "PX", "60000"])
        guard case .legacy(let bytes, let remaining) = try await store.fetch() else {
            Issue.record("a small legacy key was not read")
            return
        }
        #expect(bytes == Array("{}".utf8))
        #expect((remaining ?? 0) > 0)
        _ = try await admin.send(["DEL", keys.legacy])
        #expect(try await store.fetch() == .empty)
    }

    @Test func anOversizedValueIsLeftUnreadAndAnotherTypeIsNamed() async throws {
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let client = try Self.client(redis.url)
        try await Self.expectBoundedReads(RedisSnapshotStore(client: client, keys: RedisKeys()), admin: client)
    }

    @Test func aReaderUserOfTheShippedACLIsBounded() async throws {
        let redis = try RedisServerProcess.start(extraArguments: ["--aclfile", try RedisACLTests.aclFile()])
        defer { redis.stop() }
        let admin = try Self.client(RedisACLTests.url("redgreen-writer", port: redis.port))
        let reader = try Self.client(RedisACLTests.url("redgreen-reader-vi", port: redis.port))
        try await Self.expectBoundedReads(RedisSnapshotStore(client: reader, keys: RedisKeys()), admin: admin)
    }

    /// A reader whose ACL is of an earlier release (no STRLEN, no GETRANGE) still reads, and
    /// refuses an oversized value, once read, as corrupt.
    @Test func aReaderUserOfAnEarlierACLStillReads() async throws {
        let earlier = try String(contentsOfFile: try RedisACLTests.aclFile(), encoding: .utf8).replacingOccurrences(
            of: " +strlen +getrange", with: "")
        let path = NSTemporaryDirectory() + "/users-earlier-\(UUID().uuidString).acl"
        try earlier.write(toFile: path, atomically: true, encoding: .utf8)
        let redis = try RedisServerProcess.start(extraArguments: ["--aclfile", path])
        defer { redis.stop() }
        let admin = try Self.client(RedisACLTests.url("redgreen-writer", port: redis.port))
        let reader = try Self.client(RedisACLTests.url("redgreen-reader-vi", port: redis.port))
        try await Self.expectBoundedReads(RedisSnapshotStore(client: reader, keys: RedisKeys()), admin: admin)
    }
}

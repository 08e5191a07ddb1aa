// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotStore
import Foundation
import Logging
import RedisClient
import TestHarness
import Testing

/// The lease and the fenced write against a real redis-server.
@Suite struct FencedWriteTests {
    static func snapshot(_ issues: ClosedRange<Int64>) -> Snapshot {
        let feed = Fixtures.feed(issues)
        var snapshot = Snapshot(
            timestamp: 1, feed: feed,
            processed: .init(issueNumber: issues.upperBound, colors: "", resultFormat: "", gameType: "RG5M", lastUpdate: 1)
        )
        snapshot.ttlMillis = 300_000
        return snapshot
    }

    @Test func onlyTheLeaseHolderWritesAndEachWriteGetsTheNextSequence() async throws {
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let client = RedisClient(configuration: RedisConfiguration(endpoint: try RedisEndpoint(url: redis.url)), logger: Logger(label: "t"))
        let store = RedisSnapshotStore(client: client, keys: RedisKeys())
        // Leases far longer than the test, however slow the machine: a lease ends here only when
        // the test deletes or releases it.

        #expect(try await store.acquireLease(token: "old", ttl: .seconds(600)))
        #expect(try await !store.acquireLease(token: "new", ttl: .seconds(600)))
        let first = Self.snapshot(1...5)
        #expect(try await store.publish(snapshot: first.encoded(), legacy: first.feed.raw, ttl: .seconds(300), lease: "old") == .written(sequence: 1))

        // "old" is paused past its lease (the key expires: deleted here, so no test waits on a
        // clock); "new" takes over and writes.
        _ = try await client.send(["DEL", RedisKeys().lease])
        #expect(try await store.acquireLease(token: "new", ttl: .seconds(600)))
        let newer = Self.snapshot(1...7)
        #expect(try await store.publish(snapshot: newer.encoded(), legacy: newer.feed.raw, ttl: .seconds(300), lease: "new") == .written(sequence: 2))

        // "old" wakes up: its write is refused and the newer snapshot stays.
        let stale = Self.snapshot(1...6)
        #expect(try await store.publish(snapshot: stale.encoded(), legacy: stale.feed.raw, ttl: .seconds(300), lease: "old") == .notLeader)
        #expect(try await !store.renewLease(token: "old", ttl: .seconds(600)))
        guard case .primary(let bytes, let remaining) = try await store.fetch() else {
            Issue.record("no snapshot")
            return
        }
        let stored = try Snapshot.decode(bytes)
        #expect(stored.sequence == 2)
        #expect(stored.feed.latest?.issue == 7)
        #expect(stored.ttlMillis == 300_000)
        #expect((remaining ?? 0) > 200_000)  // set with the write (300 s), not some other expiry

        // Releasing is only the holder's to do.
        try await store.releaseLease(token: "old")
        #expect(try await !store.acquireLease(token: "third", ttl: .seconds(600)))
        try await store.releaseLease(token: "new")
        #expect(try await store.acquireLease(token: "third", ttl: .seconds(600)))
    }

    /// A lease value that carries the master's advertised address fences as a bare token did, and
    /// the bytes the holder serves on `GET /snapshot` are the very bytes the script wrote.
    @Test func aLeaseValueWithAnAddressFencesAndTheServedBytesAreRedissOwn() async throws {
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let client = RedisClient(configuration: RedisConfiguration(endpoint: try RedisEndpoint(url: redis.url)), logger: Logger(label: "t"))
        let store = RedisSnapshotStore(client: client, keys: RedisKeys())
        let lease = "3f2a9c1b7d4e@bot-1 http://10.0.0.5:9464"
        #expect(try await store.acquireLease(token: lease, ttl: .seconds(600)))
        #expect(try await !store.acquireLease(token: "3f2a9c1b7d4e@bot-1", ttl: .seconds(600)))
        #expect(try await store.renewLease(token: lease, ttl: .seconds(600)))
        var snapshot = Self.snapshot(1...5)
        snapshot.advertise = "http://10.0.0.5:9464"
        let encoded = snapshot.encoded()
        guard case .written(let sequence) = try await store.publish(snapshot: encoded, legacy: [], ttl: .seconds(300), lease: lease) else {
            Issue.record("the holder's write was refused")
            return
        }
        guard case .primary(let written, _) = try await store.fetch() else {
            Issue.record("nothing written")
            return
        }
        #expect(written == Snapshot.stamped(encoded, sequence: sequence))
        #expect(Snapshot.advertise(in: written) == "http://10.0.0.5:9464")
        #expect(try await client.send(["GET", RedisKeys().lease]) == .bulk(Array(lease.utf8)))
        try await store.releaseLease(token: lease)
        #expect(try await client.send(["GET", RedisKeys().lease]) == .null)
        await client.disconnect()
    }

    /// A try for the lease is one command (issue 29: a standby tries at every poll): it sets the
    /// lease when free, renews it for its holder (a new TTL) and leaves another's untouched.
    @Test func aTryForTheLeaseIsOneScriptThatSetsRenewsOrLeavesIt() async throws {
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let client = RedisClient(configuration: RedisConfiguration(endpoint: try RedisEndpoint(url: redis.url)), logger: Logger(label: "t"))
        let store = RedisSnapshotStore(client: client, keys: RedisKeys())
        func calls() async throws -> (eval: Int, set: Int, pexpire: Int) {
            (
                try await DrawHistoryStreamTests.calls("eval", client), try await DrawHistoryStreamTests.calls("set", client),
                try await DrawHistoryStreamTests.calls("pexpire", client)
            )
        }
        #expect(try await store.acquireLease(token: "old", ttl: .seconds(600)))
        #expect(try await client.send(["GET", RedisKeys().lease]) == .bulk(Array("old".utf8)))
        #expect(try await calls() == (1, 1, 0))
        // Another's: one script, no SET.
        #expect(try await !store.acquireLease(token: "new", ttl: .seconds(600)))
        #expect(try await calls() == (2, 1, 0))
        #expect(try await client.send(["GET", RedisKeys().lease]) == .bulk(Array("old".utf8)))
        // The holder's own: renewed to the new TTL.
        #expect(try await store.acquireLease(token: "old", ttl: .seconds(900)))
        #expect(try await calls() == (3, 1, 1))
        #expect((try await client.send(["PTTL", RedisKeys().lease]).int ?? 0) > 600_000)
        await client.disconnect()
    }

    @Test func ageComesFromTheServersTTLNotTheReadersClock() throws {
        var snapshot = Self.snapshot(1...3)
        snapshot.timestamp = 1_000_000
        let bytes = snapshot.encoded()
        // The reader's clock is a minute ahead: by the timestamp the data looks 61 s old, but the
        // key's remaining TTL says it was written 1.5 s ago.
        let reading = SnapshotReading.judge(
            .primary(bytes, remainingMillis: 298_500), nowMillis: 1_061_000, freshness: .seconds(10), ttl: .seconds(300)
        )
        guard case .fresh(_, let age, _, _) = reading else {
            Issue.record("expected fresh, got \(reading)")
            return
        }
        #expect(age == 1500)
        // And a minute behind, old data is still judged stale.
        let old = SnapshotReading.judge(.primary(bytes, remainingMillis: 270_000), nowMillis: 940_000, freshness: .seconds(10), ttl: .seconds(300))
        #expect(old == .stale(ageMillis: 30_000))
    }
}

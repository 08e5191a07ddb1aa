// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotStore
import Logging
import RedisClient
import TestHarness
import Testing

/// The write script announces changes only, as `<sequence>:<issue>`, and a reader's backstop
/// check is one command; against a real redis-server.
@Suite struct UpdateAnnouncementTests {
    @Test(.timeLimit(.minutes(2))) func theScriptPublishesOnlyWhenAskedWithTheSequenceAndIssue() async throws {
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let configuration = RedisConfiguration(endpoint: try RedisEndpoint(url: redis.url))
        let keys = RedisKeys()
        let client = RedisClient(configuration: configuration, logger: Logger(label: "t"))
        let subscriber = RedisSubscriber(configuration: configuration, channels: [keys.channel], logger: Logger(label: "t"))
        let store = RedisSnapshotStore(client: client, keys: keys, subscriber: subscriber)
        // The raw messages, as a reader of the original design (or any script) would see them.
        let raw = RedisSubscriber(configuration: configuration, channels: [keys.channel], logger: Logger(label: "t"))
        let (payloads, rawFollower) = AsyncStream.makeStream(of: String.self)
        let (updates, follower) = AsyncStream.makeStream(of: SnapshotUpdate.self)
        let following = Task {
            await withDiscardingTaskGroup { group in
                group.addTask {
                    await raw.run { event in
                        switch event {
                        case .subscribed: rawFollower.yield("subscribed")
                        case .message(_, let payload): rawFollower.yield(String(decoding: payload, as: UTF8.self))
                        case .disconnected: break
                        }
                    }
                }
                group.addTask { await store.followUpdates { follower.yield($0) } }
            }
        }
        defer { following.cancel() }
        var rawMessages = payloads.makeAsyncIterator()
        var parsed = updates.makeAsyncIterator()
        #expect(await rawMessages.next() == "subscribed")
        #expect(await parsed.next() == .subscribed)

        #expect(try await store.acquireLease(token: "m", ttl: .seconds(600)))
        let snapshot = FencedWriteTests.snapshot(1...5)
        func write(_ announce: SnapshotAnnouncement) async throws {
            _ = try await store.publish(snapshot: snapshot.encoded(), legacy: snapshot.feed.raw, ttl: .seconds(300), lease: "m", announce: announce)
        }
        try await write(.changed(latestIssue: 5))
        try await write(.silent)
        try await write(.silent)
        try await write(.changed(latestIssue: nil))
        // Messages arrive in order: the silent writes 2 and 3 published nothing.
        #expect(await rawMessages.next() == "1:5")
        #expect(await rawMessages.next() == "4")
        #expect(await parsed.next() == .changed(sequence: 1, latestIssue: 5))
        #expect(await parsed.next() == .changed(sequence: 4, latestIssue: nil))
        guard case .primary(let bytes, _) = try await store.fetch() else {
            Issue.record("no snapshot")
            return
        }
        #expect(try Snapshot.decode(bytes).sequence == 4, "every write still rewrote the snapshot")
    }

    @Test func theBackstopCheckIsOneCommand() async throws {
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let client = RedisClient(configuration: RedisConfiguration(endpoint: try RedisEndpoint(url: redis.url)), logger: Logger(label: "t"))
        let store = RedisSnapshotStore(client: client, keys: RedisKeys())
        #expect(try await store.primaryRemainingMillis() == nil, "no snapshot yet")
        #expect(try await store.acquireLease(token: "m", ttl: .seconds(600)))
        let snapshot = FencedWriteTests.snapshot(1...5)
        _ = try await store.publish(snapshot: snapshot.encoded(), legacy: snapshot.feed.raw, ttl: .seconds(300), lease: "m")

        func commands() async throws -> Int64 {
            guard case .bulk(let bytes) = try await client.send(["INFO", "stats"]) else { return -1 }
            let line = String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline).first { $0.hasPrefix("total_commands_processed:") }
            return Int64(line?.split(separator: ":").last ?? "") ?? -1
        }
        let before = try await commands()
        let remaining = try await store.primaryRemainingMillis()
        let after = try await commands()
        #expect((remaining ?? 0) > 200_000)
        // The server counts the first INFO once its reply is sent: one more than the check itself.
        #expect(after - before == 2, "\(after - before - 1) commands for one backstop check")
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotStore
import BotSupport
import Testing

/// Pushes go through the store seam: the in-memory store announces writes as Redis pub/sub does,
/// and a running reader reads the snapshot on each announcement, not at its next poll.
@Suite struct StoreUpdateTests {
    let wall = ManualWallClock()
    let store: InMemorySnapshotStore

    init() {
        store = InMemorySnapshotStore(wallClock: wall)
    }

    @Test(.timeLimit(.minutes(1))) func theInMemoryStoreAnnouncesWritesAndOutages() async throws {
        let (updates, follower) = AsyncStream.makeStream(of: SnapshotUpdate.self)
        let following = Task { [store] in await store.followUpdates { follower.yield($0) } }
        defer { following.cancel() }
        var next = updates.makeAsyncIterator()
        #expect(await next.next() == .subscribed)
        #expect(try await store.acquireLease(token: "a", ttl: .seconds(8)))
        _ = try await store.publish(snapshot: Array("{}".utf8), legacy: [], ttl: .seconds(300), lease: "a")
        #expect(await next.next() == .changed(sequence: 1))
        store.setFailing(StoreError("Connection refused"))
        #expect(await next.next() == .lost("Connection refused"))
        store.setFailing(nil)
        #expect(await next.next() == .subscribed)
    }

    /// The reader polls once an hour here: only the push can bring it the second draw.
    @Test(.timeLimit(.minutes(1))) func aRunningReaderPostsADrawTheMomentTheMasterWritesIt() async throws {
        let masterAPI = ScriptedGameAPI([.success(Fixtures.feed(1...5)), .success(Fixtures.feed(1...6))])
        let master = try #require(try bot(.master, api: masterAPI, sink: RecordingSink()).role.master)
        let readerAPI = ScriptedGameAPI([.failure(UpstreamError(.network, "connection refused"))])
        let sink = RecordingSink()
        let reader = try #require(try bot(.reader, api: readerAPI, sink: sink).role.reader)
        await master.pollOnce()
        let running = Task { try await reader.run() }
        defer { running.cancel() }
        #expect(await Self.eventually { sink.issues == [5] }, "\(sink.issues)")
        await master.pollOnce()
        #expect(await Self.eventually { sink.issues == [5, 6] }, "the reader did not follow the write: \(sink.issues)")
        #expect(readerAPI.calls == 0)
    }

    func bot(_ role: BotConfig.Role, api: any GameAPI, sink: RecordingSink) throws -> Bot {
        try Self.bot(role, store: store, api: api, sink: sink, wall: wall)
    }

    /// A master (en) or reader (vi) on `store` that polls once an hour on `clock`.
    static func bot(
        _ role: BotConfig.Role, store: InMemorySnapshotStore, api: any GameAPI, sink: RecordingSink, wall: ManualWallClock,
        clock: any Clock<Duration> = ContinuousClock()
    ) throws -> Bot {
        try TestBot(role, locale: role == .master ? "en" : "vi", store: store).with {
            $0.config.upstream.pollInterval = .seconds(3600)
            $0.parts.api = api
            $0.parts.sinks = [sink]
            $0.parts.wallClock = wall
            $0.parts.clock = clock
        }.bot()
    }

    /// Whether `condition` holds within 20 s (generous: it holds at once on any machine but a stuck one).
    static func eventually(_ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }
}

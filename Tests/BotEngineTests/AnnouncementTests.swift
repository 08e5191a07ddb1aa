// SPDX-License-Identifier: Apache-2.0
@testable import BotEngine
import BotEngineTesting
import BotStore
import BotSupport
import Testing

/// The master announces changes, not confirmations; a reader skips announcements of an issue it
/// has posted; while subscribed its backstop asks only for the snapshot's remaining TTL, and so
/// does a master standing by, no more often than a reader.
@Suite struct AnnouncementTests {
    let wall = ManualWallClock()
    let clock = VirtualClock()
    let store: InMemorySnapshotStore

    init() {
        store = InMemorySnapshotStore(wallClock: wall)
    }

    func bot(_ role: BotConfig.Role, api: any GameAPI, sink: RecordingSink = RecordingSink(), clock: (any Clock<Duration>)? = nil) throws -> Bot {
        try StoreUpdateTests.bot(role, store: store, api: api, sink: sink, wall: wall, clock: clock ?? self.clock)
    }

    /// The updates the store announces while `body` runs, after the first `subscribed`.
    func updates(during body: () async throws -> Void) async throws -> [SnapshotUpdate] {
        let (stream, follower) = AsyncStream.makeStream(of: SnapshotUpdate.self)
        let following = Task { [store] in await store.followUpdates { follower.yield($0) } }
        var iterator = stream.makeAsyncIterator()
        #expect(await iterator.next() == .subscribed)
        try await body()
        // A marker write of another lease-holder-free kind: an outage, announced as `lost`.
        store.setFailing(StoreError("end"))
        var seen: [SnapshotUpdate] = []
        while let update = await iterator.next(), update != .lost("end") { seen.append(update) }
        following.cancel()
        store.setFailing(nil)
        return seen
    }

    @Test(.timeLimit(.minutes(1))) func theMasterAnnouncesOnlyWritesThatChangeTheDraws() async throws {
        let feeds = [Fixtures.feed(1...5), Fixtures.feed(1...5), Fixtures.feed(1...5), Fixtures.feed(1...6), Fixtures.feed(1...6)]
        let master = try #require(try bot(.master, api: ScriptedGameAPI(feeds.map { .success($0) })).role.master)
        let seen = try await updates {
            for _ in feeds { await master.pollOnce() }
        }
        #expect(store.publishCount == 5, "polls an hour apart rewrite the snapshot each time")
        #expect(seen == [.changed(sequence: 1, latestIssue: 5), .changed(sequence: 4, latestIssue: 6)])
    }

    /// An idle master (the same draws poll after poll, every 2 s) rewrites the snapshot only when,
    /// by its next poll, the last write would be older than half of `shared.freshness` (10 s): every
    /// other poll here, so a reader never finds it older than 5 s; a new draw is written at once.
    @Test(.timeLimit(.minutes(1))) func anIdleMasterConfirmsOnlyAsOftenAsFreshnessNeeds() async throws {
        let feeds = Array(repeating: Fixtures.feed(1...5), count: 6) + [Fixtures.feed(1...6)]
        let bot = try TestBot(.master, locale: "en", store: store).with {
            $0.config.upstream.pollInterval = .seconds(2)
            $0.config.upstream.schedule = .fixed
            $0.config.shared.leaseTTL = .seconds(60)  // no renewal runs here: the lease must outlast the polls
            $0.parts.api = ScriptedGameAPI(feeds.map { .success($0) })
            $0.parts.sinks = [RecordingSink()]
            $0.parts.wallClock = wall
            $0.parts.clock = clock
        }.bot()
        let master = try #require(bot.role.master)
        var written: [Int] = []
        for (poll, _) in feeds.enumerated() {
            let before = store.publishCount
            await master.pollOnce()
            if store.publishCount > before { written.append(poll) }
            if poll < 5 { wall.advance(by: .seconds(2)) }
        }
        #expect(written == [0, 2, 4, 6], "polls at 0, 2, ... 10 s; the last one's draw is new")
    }

    @Test(.timeLimit(.minutes(1))) func aReaderDoesNotReadForAnIssueItHasPosted() async throws {
        #expect(try await store.acquireLease(token: "other", ttl: .seconds(600)))
        func write(_ issues: ClosedRange<Int64>, _ announce: SnapshotAnnouncement) async throws {
            let snapshot = LeanSnapshotTests.snapshot(Fixtures.feed(issues), at: wall.nowMillis())
            _ = try await store.publish(snapshot: snapshot.encoded(), legacy: [], ttl: .seconds(300), lease: "other", announce: announce)
        }
        try await write(1...5, .changed(latestIssue: 5))
        let sink = RecordingSink()
        let readerAPI = ScriptedGameAPI([.failure(UpstreamError(.network, "connection refused"))])
        let reader = try #require(try bot(.reader, api: readerAPI, sink: sink, clock: ContinuousClock()).role.reader)
        let running = Task { try await reader.run() }
        defer { running.cancel() }
        // The read on subscribing and the poll loop's first backstop (a read, or only a TTL check
        // if it comes second); the next backstop is an hour away.
        #expect(await StoreUpdateTests.eventually { sink.issues == [5] && store.fetchCount + store.remainingCheckCount == 2 })
        let reads = store.fetchCount
        // An announcement of issue 5, which the reader has posted: no read.
        try await write(1...5, .changed(latestIssue: 5))
        // One from a master of an earlier release (no issue): a read, as before.
        try await write(1...5, .changed(latestIssue: nil))
        #expect(await StoreUpdateTests.eventually { store.fetchCount == reads + 1 }, "\(store.fetchCount - reads) reads")
        // A new issue: read and posted.
        try await write(1...6, .changed(latestIssue: 6))
        #expect(await StoreUpdateTests.eventually { sink.issues == [5, 6] }, "\(sink.issues)")
        #expect(store.fetchCount == reads + 2)
        #expect(readerAPI.calls == 0)
    }

    @Test(.timeLimit(.minutes(1))) func whileSubscribedTheBackstopOnlyChecksTheTTL() async throws {
        let master = try #require(try bot(.master, api: ScriptedGameAPI([.success(Fixtures.feed(1...5))])).role.master)
        await master.pollOnce()
        let sink = RecordingSink()
        let readerAPI = ScriptedGameAPI([.success(Fixtures.feed(1...5))])
        let reader = try #require(try bot(.reader, api: readerAPI, sink: sink).role.reader)
        // Before any subscription: a full read.
        await reader.backstopOnce()
        #expect(store.fetchCount == 1 && store.remainingCheckCount == 0)
        let following = Task { await reader.followUpdates() }
        defer { following.cancel() }
        #expect(await StoreUpdateTests.eventually { store.fetchCount == 2 }, "the read on subscribing")
        // Subscribed, the snapshot fresh: one TTL check, no read.
        await reader.backstopOnce()
        #expect(store.fetchCount == 2 && store.remainingCheckCount == 1)
        // Stale (no master rewrote it for longer than freshness): the check finds it so and reads.
        wall.advance(by: .seconds(11))
        await reader.backstopOnce()
        #expect(store.fetchCount == 3 && store.remainingCheckCount == 2)
        // The stale read forgot the writer's TTL: reads until a fresh one teaches it again.
        await reader.backstopOnce()
        #expect(store.fetchCount == 4 && store.remainingCheckCount == 2)
        // A new holder confirms the same draws (not announced): the next read finds it fresh.
        #expect(try await store.acquireLease(token: "other", ttl: .seconds(600)))
        let confirmation = LeanSnapshotTests.snapshot(Fixtures.feed(1...5), at: wall.nowMillis())
        _ = try await store.publish(snapshot: confirmation.encoded(), legacy: [], ttl: .seconds(300), lease: "other", announce: .silent)
        await reader.backstopOnce()
        #expect(store.fetchCount == 5 && store.remainingCheckCount == 2)
        await reader.backstopOnce()
        #expect(store.fetchCount == 5 && store.remainingCheckCount == 3)
        #expect(readerAPI.calls == 0)
    }

    /// A master standing by (issue 29) tries the lease at every poll, but checks the snapshot as a
    /// reader's backstop does: by its remaining TTL alone while subscribed and fresh, and then only
    /// every `max(poll_interval, freshness / 2)`; a snapshot that is not fresh is read in full at
    /// every poll (falling back to the game API as before).
    @Test(.timeLimit(.minutes(1))) func aStandingByMasterChecksTheSnapshotAsAReadersBackstopDoes() async throws {
        #expect(try await store.acquireLease(token: "other", ttl: .seconds(1_000_000)))
        func write() async throws {
            let snapshot = LeanSnapshotTests.snapshot(Fixtures.feed(1...5), at: wall.nowMillis())
            _ = try await store.publish(snapshot: snapshot.encoded(), legacy: [], ttl: .seconds(300), lease: "other", announce: .silent)
        }
        try await write()
        let api = ScriptedGameAPI([.success(Fixtures.feed(1...5))])
        let bot = try TestBot(.master, locale: "en", store: store).with {
            $0.config.upstream.pollInterval = .seconds(60)  // the poll loop polls once here; the test polls
            $0.parts.api = api
            $0.parts.sinks = [RecordingSink()]
            $0.parts.wallClock = wall
            $0.parts.clock = ContinuousClock()
        }.bot()
        let master = try #require(bot.role.master)
        let running = Task { try await master.run() }
        defer { running.cancel() }
        // The read on subscribing and the poll loop's first poll (a read, or a TTL check if second).
        #expect(await StoreUpdateTests.eventually { store.fetchCount + store.remainingCheckCount == 2 })
        wall.advance(by: .seconds(61))
        try await write()
        let (reads, checks) = (store.fetchCount, store.remainingCheckCount)
        // Due: one TTL check, no read.
        await master.pollOnce()
        #expect(store.fetchCount == reads && store.remainingCheckCount == checks + 1)
        // The next polls, well within max(poll_interval, freshness / 2) = 60 s: the lease only.
        for _ in 0..<2 {
            wall.advance(by: .seconds(10))
            try await write()
            await master.pollOnce()
        }
        #expect(store.fetchCount == reads && store.remainingCheckCount == checks + 1)
        #expect(!master.isLeader)
        // Nobody rewrote it: the check finds it stale and reads, and every poll reads until it is fresh.
        wall.advance(by: .seconds(45))
        await master.pollOnce()
        #expect(store.fetchCount == reads + 1 && store.remainingCheckCount == checks + 2)
        await master.pollOnce()
        #expect(store.fetchCount == reads + 2 && store.remainingCheckCount == checks + 2)
        #expect(!master.isLeader)
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotStore
import BotSupport
import Logging
import Testing

/// Master and reader logic with in-memory parts: no network, virtual time.
@Suite struct RoleTests {
    let wall = ManualWallClock()
    let clock = VirtualClock()
    let store: InMemorySnapshotStore
    let sink = RecordingSink()

    init() {
        store = InMemorySnapshotStore(wallClock: wall)
    }

    /// A bot assembled as `run` assembles it, on the in-memory store, with `api` as its game API.
    func bot(_ role: BotConfig.Role, api: any GameAPI, sink: RecordingSink? = nil, logs: LogRecorder? = nil) throws -> Bot {
        let bot = try TestBot(role, locale: role == .master ? "en" : "vi", store: store).with {
            $0.config.upstream.retry = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(10), maxDelay: .milliseconds(40))
            $0.parts.api = api
            $0.parts.transport = UnusedTransport()
            $0.parts.sinks = [sink ?? self.sink]
            $0.parts.wallClock = wall
            $0.parts.clock = clock
            if let logs { $0.parts.makeLogger = { logs.logger(label: $0) } }
        }.bot()
        #expect(bot.api as? ScriptedGameAPI === api as? ScriptedGameAPI)
        return bot
    }

    func master(api: any GameAPI) throws -> MasterService {
        try #require(try bot(.master, api: api).role.master)
    }

    func reader(api: any GameAPI, sink: RecordingSink? = nil) throws -> ReaderService {
        try #require(try bot(.reader, api: api, sink: sink).role.reader)
    }

    @Test func masterSharesEachPollAndPostsNewDrawsInOrder() async throws {
        let api = ScriptedGameAPI([.success(Fixtures.feed(1...10)), .success(Fixtures.feed(3...12)), .success(Fixtures.feed(3...12))])
        let master = try master(api: api)
        try await withRunningPosters([master.poster]) {
            await master.pollOnce()
            await master.pollOnce()
            await master.pollOnce()
            await master.poster.idle()
        }
        #expect(sink.issues == [10, 11, 12])
        #expect(store.publishCount == 2, "the third poll confirms the second's draws at once: not rewritten")
        guard case .primary(let bytes, _) = try await store.fetch() else {
            Issue.record("no snapshot written")
            return
        }
        let snapshot = try Snapshot.decode(bytes)
        #expect(snapshot.processed.issueNumber == 12)
        #expect(snapshot.processed.gameType == "RG5M")
        #expect(snapshot.timestamp == wall.nowMillis())
    }

    @Test func masterNeverPollsFromItsOwnSnapshot() async throws {
        let api = ScriptedGameAPI([.success(Fixtures.feed(1...5))])
        let master = try master(api: api)
        for _ in 0..<4 { await master.pollOnce() }
        #expect(api.calls == 4)
    }

    @Test func masterKeepsPostingWhenTheStoreIsDown() async throws {
        store.setFailing(StoreError("Connection refused"))
        let api = ScriptedGameAPI([.success(Fixtures.feed(1...5)), .success(Fixtures.feed(1...6))])
        let master = try master(api: api)
        try await withRunningPosters([master.poster]) {
            await master.pollOnce()
            await master.pollOnce()
            await master.poster.idle()
        }
        #expect(sink.issues == [5, 6])
    }

    /// A lone master whose own lease lapsed (paused, Redis slow) said "another master holds the
    /// lease now" and stood by with nobody leading (issue 19, item 12): it takes the lease back and says so.
    @Test func aLoneMasterWhoseLeaseLapsedTakesItBackAndSaysSo() async throws {
        let logs = LogRecorder()
        let api = ScriptedGameAPI([.success(Fixtures.feed(1...5)), .success(Fixtures.feed(1...6))])
        let bot = try bot(.master, api: api, logs: logs)
        let master = try #require(bot.role.master)
        await master.pollOnce()
        wall.advance(by: bot.config.shared.leaseTTL + .seconds(1))  // the lease lapses; nobody else holds it
        await master.pollOnce()
        #expect(logs.entries(atLeast: .info, containing: "another master").isEmpty, "\(logs.entries)")
        #expect(logs.entries(atLeast: .warning, containing: "The snapshot write was refused: this master's lease had lapsed").count == 1)
        #expect(master.isLeader)
        await master.pollOnce()
        #expect(store.publishCount == 2)
    }

    @Test func masterPostsNothingWhenTheAPIFails() async throws {
        let api = ScriptedGameAPI([.failure(UpstreamError(.status, "HTTP 500", status: 500))])
        let master = try master(api: api)
        await master.pollOnce()
        #expect(sink.posts.isEmpty)
        #expect(store.publishCount == 0)
    }

    @Test func readerTakesAFreshSnapshotAndNeverCallsTheAPI() async throws {
        let masterSink = sink
        let master = try master(api: ScriptedGameAPI([.success(Fixtures.feed(1...7))]))
        await master.pollOnce()
        let api = ScriptedGameAPI([.success(Fixtures.feed(1...99))])
        let readerSink = RecordingSink()
        let reader = try reader(api: api, sink: readerSink)
        wall.advance(by: .milliseconds(1500))
        try await withRunningPosters([master.poster, reader.poster]) {
            #expect(await reader.pollOnce() == .store)
            await master.poster.idle()
            await reader.poster.idle()
        }
        #expect(api.calls == 0)
        #expect(readerSink.issues == [7])
        #expect(masterSink.issues == [7])
        #expect(store.publishCount == 1)
        #expect(readerSink.posts[0].text.contains("Kỳ 7"))
    }

    @Test func readerFallsBackWhenTheSnapshotIsStale() async throws {
        let master = try master(api: ScriptedGameAPI([.success(Fixtures.feed(1...7))]))
        await master.pollOnce()
        wall.advance(by: .seconds(11))
        let api = ScriptedGameAPI([.success(Fixtures.feed(1...8))])
        let reader = try reader(api: api)
        // A standby master gets one lease period (8 s) to take over before the API is called.
        #expect(await reader.pollOnce() == .none)
        #expect(api.calls == 0)
        wall.advance(by: .seconds(8))
        #expect(await reader.pollOnce() == .api)
        #expect(api.calls == 1)
        #expect(store.publishCount == 1)
    }

    @Test func readerFallsBackOnACorruptPayloadAndWhenTheStoreIsEmptyOrDown() async throws {
        let api = ScriptedGameAPI([.success(Fixtures.feed(1...8)), .success(Fixtures.feed(1...9)), .success(Fixtures.feed(1...10))])
        let reader = try reader(api: api)
        try await withRunningPosters([reader.poster]) {
            #expect(await reader.pollOnce() == .api)
            store.putPrimary(Array(#"{"timestamp": 1740227344593, "game_data": {"data": {"records": "#.utf8))
            #expect(await reader.pollOnce() == .api)
            store.setFailing(StoreError("Connection refused"))
            #expect(await reader.pollOnce() == .api)
            await reader.poster.idle()
        }
        #expect(api.calls == 3)
        #expect(sink.issues == [8, 9, 10])
        store.setFailing(nil)
        #expect(store.publishCount == 0)
    }

    /// `api` retried up to 5 times, from 100 ms up to 1 s, in virtual time, with the jitter factor `jitter`.
    func retrying(_ api: any GameAPI, jitter: Double) -> RetryingGameAPI {
        RetryingGameAPI(
            api, policy: RetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(100), maxDelay: .seconds(1)), clock: clock,
            logger: Logger(label: "test"), jitter: { jitter }
        )
    }

    @Test func retriesWithBackoffThenRecovers() async throws {
        let scripted = ScriptedGameAPI([
            .failure(UpstreamError(.timeout, "timed out")), .failure(UpstreamError(.status, "HTTP 500", status: 500)),
            .success(Fixtures.feed(1...3)),
        ])
        let retrying = retrying(scripted, jitter: 1)
        let feed = try await retrying.fetchDraws()
        #expect(feed.latest?.issue == 3)
        #expect(scripted.calls == 3)
        #expect(clock.sleeps == [.milliseconds(100), .milliseconds(200)])
    }

    @Test func givesUpAfterMaxAttempts() async throws {
        let scripted = ScriptedGameAPI([.failure(UpstreamError(.network, "connection refused"))])
        let retrying = retrying(scripted, jitter: 0)
        let error = await #expect(throws: UpstreamError.self) { try await retrying.fetchDraws() }
        #expect(error?.message.contains("gave up after 5 attempts") == true)
        #expect(scripted.calls == 5)
        #expect(clock.sleeps.count == 4)
    }
}

/// A transport for tests whose game API is scripted: never called.
struct UnusedTransport: HTTPTransport {
    func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        Issue.record("the HTTP transport should not be used here")
        throw CancellationError()
    }
}

import CurlHTTP

@Suite struct SequenceTests {
    @Test func aReaderFollowsASequenceThatWentBackAndPostsNothingTwice() async throws {
        let fixture = try SequencedReader()
        let (sink, poster, api, reader) = (fixture.sink, fixture.poster, fixture.api, fixture.reader)
        @Sendable func put(_ issues: ClosedRange<Int64>, sequence: Int64) { fixture.put(issues, sequence: sequence) }
        try await withRunningPosters([poster]) {
            put(1...5, sequence: 7)
            #expect(await reader.pollOnce() == .store)
            put(1...5, sequence: 1)  // Redis restarted empty: the sequence starts again
            #expect(await reader.pollOnce() == .store)
            await poster.idle()
            #expect(sink.issues == [5])
            put(1...6, sequence: 2)
            #expect(await reader.pollOnce() == .store)
            await poster.idle()
            #expect(sink.issues == [5, 6])
            put(1...7, sequence: 3)
            #expect(await reader.pollOnce() == .store)
            await poster.idle()
        }
        #expect(sink.issues == [5, 6, 7])
        #expect(api.calls == 0)
    }

    /// Redis restarted without its data numbers snapshots from 1 again: a reader that saw Redis
    /// fail meanwhile takes the new ones too.
    @Test func aReaderThatLostRedisTakesSnapshotsNumberedAfresh() async throws {
        let fixture = try SequencedReader()
        let (store, sink, poster, reader) = (fixture.store, fixture.sink, fixture.poster, fixture.reader)
        @Sendable func put(_ issues: ClosedRange<Int64>, sequence: Int64) { fixture.put(issues, sequence: sequence) }
        try await withRunningPosters([poster]) {
            put(1...5, sequence: 900)
            #expect(await reader.pollOnce() == .store)
            store.setFailing(StoreError("redis://127.0.0.1:6379: connect failed: Connection refused"))
            #expect(await reader.pollOnce() == .none)
            store.setFailing(nil)
            put(1...6, sequence: 1)
            #expect(await reader.pollOnce() == .store)
            put(1...7, sequence: 2)
            #expect(await reader.pollOnce() == .store)
            await poster.idle()
        }
        #expect(sink.issues == [5, 6, 7])
    }
}

/// A vi reader over an in-memory store whose snapshots carry a sequence; its game API always fails.
struct SequencedReader {
    let wall = ManualWallClock()
    let store: InMemorySnapshotStore
    let sink = RecordingSink()
    let poster: DrawPoster
    let api = ScriptedGameAPI([.failure(UpstreamError(.network, "connection refused"))])
    let reader: ReaderService

    init() throws {
        store = InMemorySnapshotStore(wallClock: wall)
        // The closure may not capture `self` before `reader` is set: the parts by value.
        let (api, sink, wall) = (self.api, self.sink, self.wall)
        reader = try #require(
            try TestBot(.reader, locale: "vi", store: store).with {
                $0.parts.api = api
                $0.parts.sinks = [sink]
                $0.parts.wallClock = wall
                $0.parts.clock = VirtualClock()
            }.bot().role.reader)
        poster = reader.poster
    }

    /// Puts a snapshot of `issues` stamped with `sequence`, as the fenced write does.
    func put(_ issues: ClosedRange<Int64>, sequence: Int64) {
        let snapshot = FencedSnapshot.make(issues, at: wall.nowMillis())
        store.putPrimary(Array(snapshot.encoded().dropLast()) + Array(",\"sequence\":\(sequence)}".utf8))
    }
}

enum FencedSnapshot {
    static func make(_ issues: ClosedRange<Int64>, at millis: Int64) -> Snapshot {
        Snapshot(
            timestamp: millis, feed: Fixtures.feed(issues),
            processed: .init(issueNumber: issues.upperBound, colors: "", resultFormat: "", gameType: "RG5M", lastUpdate: millis)
        )
    }
}

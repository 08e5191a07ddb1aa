// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotLocalization
import BotStore
import BotSupport
import Foundation
import Logging
import RedisClient
import Synchronization
import TestHarness
import Testing

/// The fleet's draw history (`redgreen:history:<game>`, a stream) against a real redis-server and
/// the simulator: written once per draw by the lease holder's fenced write, and read by the bots
/// for streaks past the API's window, full pictures at start and complete catch-up.
@Suite(.serialized) struct DrawHistoryStreamTests {
    /// The number of `XADD` calls the server has run (its command stats).
    static func xaddCalls(_ client: RedisClient) async throws -> Int {
        try await calls("xadd", client)
    }

    /// The number of calls of `command` (lower case) the server has run (its command stats).
    static func calls(_ command: String, _ client: RedisClient) async throws -> Int {
        let info = try await client.send(["INFO", "commandstats"]).string ?? ""
        let prefix = "cmdstat_\(command):"
        guard let line = info.split(whereSeparator: \.isNewline).first(where: { $0.hasPrefix(prefix) }) else { return 0 }
        let calls = line.split(separator: ",").first { $0.hasPrefix(prefix + "calls=") }
        return calls.flatMap { Int($0.dropFirst(prefix.count + "calls=".count)) } ?? 0
    }

    static func length(_ client: RedisClient) async throws -> Int64? {
        try await client.send(["XLEN", RedisKeys().history]).int
    }

    @Test func theFencedWriteAppendsEachDrawOnceAndAStaleHolderAppendsNothing() async throws {
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let client = RedisClient(configuration: RedisConfiguration(endpoint: try RedisEndpoint(url: redis.url)), logger: Logger(label: "t"))
        let store = RedisSnapshotStore(client: client, keys: RedisKeys())
        #expect(try await store.acquireLease(token: "old", ttl: .seconds(600)))

        func write(_ issues: ClosedRange<Int64>, lease: String) async throws -> PublishOutcome {
            let snapshot = FencedWriteTests.snapshot(issues)
            return try await store.publish(
                snapshot: snapshot.encoded(), legacy: snapshot.feed.raw, ttl: .seconds(300), lease: lease, announce: .silent,
                history: snapshot.feed.draws)
        }
        #expect(try await write(1...5, lease: "old") == .written(sequence: 1))
        #expect(try await Self.length(client) == 5)
        // The same draws again (a confirmation, a re-run of the script): nothing appended.
        #expect(try await write(1...5, lease: "old") == .written(sequence: 2))
        #expect(try await write(3...7, lease: "old") == .written(sequence: 3))
        #expect(try await Self.length(client) == 7)
        #expect(try await Self.xaddCalls(client) == 7)

        // "old" is paused past its lease; "new" takes over; "old" wakes up with newer draws: refused, nothing appended.
        _ = try await client.send(["DEL", RedisKeys().lease])
        #expect(try await store.acquireLease(token: "new", ttl: .seconds(600)))
        #expect(try await write(1...9, lease: "old") == .notLeader)
        #expect(try await Self.length(client) == 7)
        #expect(try await Self.xaddCalls(client) == 7)

        // Read incrementally: everything, then only what follows an entry.
        let all = try #require(try await store.history(after: nil, count: 100))
        #expect(all.entries.map(\.draw.issue) == Array(1...7))
        #expect(all.entries.map(\.draw) == Fixtures.feed(1...7).draws)
        #expect(all.refused == nil)
        let after = try #require(try await store.history(after: all.entries[4].id, count: 100))
        #expect(after.entries.map(\.draw.issue) == [6, 7])
        let newest = try #require(try await store.history(after: nil, count: 3))
        #expect(newest.entries.map(\.draw.issue) == [5, 6, 7])

        // An entry that holds no valid draw (written by hand) is left out and named; the others stay.
        _ = try await client.send(["XADD", RedisKeys().history, "*", "issue", "8", "draw", #"{"issue":8,"value":"","colors":["Red"]}"#])
        let bad = try #require(try await store.history(after: all.entries[5].id, count: 100))
        #expect(bad.entries.map(\.draw.issue) == [7])
        #expect(bad.refused?.contains("redgreen:history:RG5M: entry ") == true)
        #expect(bad.refused?.contains("value") == true, "\(bad.refused ?? "")")
    }

    /// A master whose Redis user may not `XADD` (the users.acl of earlier releases) still writes
    /// the snapshot, and says why the history was not appended to.
    @Test func aWriterThatMayNotAppendStillWritesTheSnapshot() async throws {
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let admin = RedisClient(configuration: RedisConfiguration(endpoint: try RedisEndpoint(url: redis.url)), logger: Logger(label: "t"))
        _ = try await admin.send(["ACL", "SETUSER", "old-writer", "on", ">pw", "~*", "&*", "+@all", "-xadd"])
        let endpoint = try RedisEndpoint(url: "redis://old-writer:pw@127.0.0.1:\(redis.port)")
        let writer = RedisClient(configuration: RedisConfiguration(endpoint: endpoint), logger: Logger(label: "t"))
        let store = RedisSnapshotStore(client: writer, keys: RedisKeys())
        #expect(try await store.acquireLease(token: "a", ttl: .seconds(600)))
        let snapshot = FencedWriteTests.snapshot(1...3)
        let outcome = try await store.publish(
            snapshot: snapshot.encoded(), legacy: snapshot.feed.raw, ttl: .seconds(300), lease: "a", announce: .silent,
            history: snapshot.feed.draws)
        guard case .writtenWithoutHistory(let sequence, let reason) = outcome else {
            Issue.record("expected a write without history, got \(outcome)")
            return
        }
        #expect(sequence == 1)
        #expect(reason.contains(RedisKeys().history))
        guard case .primary = try await store.fetch() else {
            Issue.record("no snapshot")
            return
        }
    }

    /// An idle master's confirmations (issue 29) send no draws for the history once it holds them:
    /// the fenced write then reads no history (`XREVRANGE`). When the sequence goes back (Redis lost
    /// its data, the history with it), the next write sends them again.
    @Test func anIdleMastersConfirmationsSendNoHistoryUntilRedisLosesIt() async throws {
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let client = RedisClient(configuration: RedisConfiguration(endpoint: try RedisEndpoint(url: redis.url)), logger: Logger(label: "t"))
        let wall = ManualWallClock()
        let bot = try TestBot(.master, locale: "en", store: RedisSnapshotStore(client: client, keys: RedisKeys())).with {
            $0.config.shared.leaseTTL = .seconds(600)  // no renewal runs here: the lease must outlast the test
            $0.parts.api = ScriptedGameAPI([.success(Fixtures.feed(1...5))])
            $0.parts.sinks = [RecordingSink()]
            $0.parts.wallClock = wall
        }.bot()
        let master = try #require(bot.role.master)
        // Each poll 6 s after the last: every confirmation is due (older than half of freshness).
        func poll() async {
            await master.pollOnce()
            wall.advance(by: .seconds(6))
        }
        await poll()
        #expect(try await Self.length(client) == 5)
        let reads = try await Self.calls("xrevrange", client)  // the write's, and the master's own first read
        for _ in 0..<3 { await poll() }
        #expect(try await client.send(["GET", RedisKeys().sequence]).string == "4")
        #expect(try await Self.calls("xrevrange", client) == reads, "confirmations read no history")
        // Redis lost its data (the lease kept here): the next write's sequence goes back, and the one after sends the draws.
        _ = try await client.send(["DEL", RedisKeys().sequence, RedisKeys().history])
        await poll()
        #expect(try await Self.length(client) == 0)
        await poll()
        #expect(try await Self.length(client) == 5)
        #expect(try await client.send(["GET", RedisKeys().sequence]).string == "2")
        await client.disconnect()
    }

    /// The shipped users.acl lets the writer append to the history and each reader read it.
    @Test func theShippedACLLetsTheWriterAppendAndTheReadersRead() async throws {
        let redis = try RedisServerProcess.start(extraArguments: ["--aclfile", try RedisACLTests.aclFile()])
        defer { redis.stop() }
        func store(_ user: String) throws -> RedisSnapshotStore {
            let endpoint = try RedisEndpoint(url: RedisACLTests.url(user, port: redis.port))
            let client = RedisClient(configuration: RedisConfiguration(endpoint: endpoint), logger: Logger(label: "t"))
            return RedisSnapshotStore(client: client, keys: RedisKeys())
        }
        let writer = try store("redgreen-writer")
        #expect(try await writer.acquireLease(token: "w", ttl: .seconds(600)))
        let snapshot = FencedWriteTests.snapshot(1...4)
        let outcome = try await writer.publish(
            snapshot: snapshot.encoded(), legacy: snapshot.feed.raw, ttl: .seconds(300), lease: "w", announce: .silent,
            history: snapshot.feed.draws)
        #expect(outcome == .written(sequence: 1))
        for code in TestFleet.readerCodes {
            let read = try await store("redgreen-reader-\(code)").history(after: nil, count: 10)
            #expect(read?.entries.map(\.draw.issue) == [1, 2, 3, 4])
        }
    }

    @Test func aRunOf14IsPostedAs14WithAnAPIWindowOf10() async throws {
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let sim = try await RunningSimulator.start()
        let fleet = try TestFleet(redisURL: redis.url, upstreamURL: sim.url, readerCodes: ["vi"])
        await fleet.round()
        // 20 draws after the first window of 10: a green one, then 14 reds (last digit 2).
        for index in 0..<20 {
            sim.state.publish(issue: nil, value: index < 5 ? nil : index == 5 ? "001" : "002")
            await fleet.round()
        }
        let master = try #require(fleet.posts("en").last)
        let reader = try #require(fleet.posts("vi").last)
        #expect(master.text.contains("14 draws in a row"), "\(master.text)")
        #expect(reader.text.contains("về 14 kỳ liên tiếp"), "\(reader.text)")
        await sim.stop()
    }

    /// A healthy bot reads the history at start only: each later feed joins the draws it holds, so
    /// the stream has nothing for it (issue 28's benchmark target: no Redis read per draw more than
    /// before the history). A feed that leaves a gap after them (a reader that missed more draws
    /// than the window while running) reads it again, and every missed draw is posted.
    @Test func aHealthyBotReadsTheHistoryAtStartAndAfterAGapOnly() async throws {
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let admin = RedisClient(configuration: RedisConfiguration(endpoint: try RedisEndpoint(url: redis.url)), logger: Logger(label: "t"))
        // The bots' reads: every `XREVRANGE` but the one of each fenced write (its sequence counts them).
        func reads() async throws -> Int {
            let writes = Int(try await admin.send(["GET", RedisKeys().sequence]).string ?? "0") ?? 0
            return try await Self.calls("xrevrange", admin) - writes
        }
        let sim = try await RunningSimulator.start()
        let top = "posting:\n  max_catch_up: 50"
        let fleet = try TestFleet(redisURL: redis.url, upstreamURL: sim.url, top: top, readerCodes: ["vi"])
        await fleet.round()
        #expect(try await reads() == 2, "the master's and the reader's first read")
        for _ in 0..<12 {
            sim.state.publish()
            await fleet.round()
        }
        #expect(try await reads() == 2, "no read for a feed that joins the draws held")
        // The reader misses 15 draws (the window is 10): its next feed leaves a gap, read from the history.
        let last = sim.latestIssue
        for _ in 0..<15 {
            sim.state.publish()
            await fleet.pollMaster()
        }
        #expect(await fleet.readers["vi"]!.pollOnce() == .store)
        await fleet.settle()
        #expect(try await reads() == 3)
        #expect(Array(fleet.issues("vi").suffix(15)) == Array((last + 1)...(last + 15)))
        await sim.stop()
    }

    @Test func aBotStartedAfter150DrawsPostsAFullPictureAtItsFirstTrend() async throws {
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let sim = try await RunningSimulator.start()
        let running = try TestFleet(redisURL: redis.url, upstreamURL: sim.url, readerCodes: [])
        await running.pollMaster()
        for _ in 0..<150 {
            sim.state.publish()
            await running.pollMaster()
        }
        var trend = TrendSettings()
        trend.every = 1
        trend.draws = 100
        let pictures = RecordingPictureSink(name: "vi-pictures", trend: trend)
        let started = try TestFleet(redisURL: redis.url, upstreamURL: sim.url, readerCodes: ["vi"], moreSinks: ["vi": [pictures]])
        #expect(await started.readers["vi"]!.pollOnce() == .store)
        await started.settle()
        let first = try #require(pictures.captions.first)
        #expect(first.hasPrefix("📈 100 kết quả"), "\(first)")
        #expect(first.contains("\(sim.latestIssue - 99)–\(sim.latestIssue)"), "\(first)")
        await sim.stop()
    }

    @Test func aReaderAwayFor40DrawsGetsAll40OnReturn() async throws {
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let sim = try await RunningSimulator.start()
        let top = "posting:\n  max_catch_up: 50"
        let before = try TestFleet(redisURL: redis.url, upstreamURL: sim.url, top: top, readerCodes: ["vi"])
        await before.round()
        let last = sim.latestIssue
        #expect(before.issues("vi") == [last])
        // The reader is stopped; the master goes on for 40 draws (the API's window is 10).
        for _ in 0..<40 {
            sim.state.publish()
            await before.pollMaster()
        }
        let after = try TestFleet(redisURL: redis.url, upstreamURL: sim.url, top: top, readerCodes: ["vi"])
        #expect(await after.readers["vi"]!.pollOnce() == .store)
        await after.settle()
        #expect(after.issues("vi") == Array((last + 1)...(last + 40)))
        await sim.stop()
    }

    /// The same return with `posting.max_catch_up` at its default (10): the 40 draws, 30 of them
    /// gone from the game API's window, come from the history as one digest covering all 40.
    @Test func aReaderAwayFor40DrawsPostsThemAsOneDigestPastMaxCatchUp() async throws {
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let sim = try await RunningSimulator.start()
        let before = try TestFleet(redisURL: redis.url, upstreamURL: sim.url, readerCodes: ["vi"])
        await before.round()
        let last = sim.latestIssue
        for _ in 0..<40 {
            sim.state.publish()
            await before.pollMaster()
        }
        let after = try TestFleet(redisURL: redis.url, upstreamURL: sim.url, readerCodes: ["vi"])
        #expect(await after.readers["vi"]!.pollOnce() == .store)
        await after.settle()
        let posts = after.posts("vi")
        #expect(posts.count == 1)
        #expect(posts.first?.covered.map(\.issue) == Array((last + 1)...(last + 40)))
        #expect(posts.first?.text.contains("40") == true, "\(posts.first?.text ?? "")")
        await sim.stop()
    }

    /// A reader under a master of the original design (a snapshot without `draws`, no history
    /// stream) posts as before, from the game API's window, and says once that there is no history.
    @Test func aReaderUnderASeedMasterPostsAsBeforeAndSaysOnceThatThereIsNoHistory() async throws {
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let admin = RedisClient(configuration: RedisConfiguration(endpoint: try RedisEndpoint(url: redis.url)), logger: Logger(label: "t"))
        let logs = LogRecorder()
        let fleet = try TestFleet(redisURL: redis.url, upstreamURL: "http://127.0.0.1:1/unused", readerCodes: ["vi"], logs: logs)
        func seedWrite(_ issues: ClosedRange<Int64>) async throws {
            var snapshot = FencedWriteTests.snapshot(issues)
            snapshot.timestamp = SystemWallClock().nowMillis()
            snapshot.ttlMillis = nil
            _ = try await admin.send([
                Array("SET".utf8), Array(RedisKeys().snapshot.utf8), snapshot.encoded(includingDraws: false), Array("PX".utf8), Array("300000".utf8),
            ])
        }
        try await seedWrite(1...10)
        #expect(await fleet.readers["vi"]!.pollOnce() == .store)
        for latest in Int64(11)...13 {
            try await seedWrite((latest - 9)...latest)
            #expect(await fleet.readers["vi"]!.pollOnce() == .store)
        }
        await fleet.settle()
        #expect(fleet.issues("vi") == [10, 11, 12, 13])
        #expect(logs.entries(atLeast: .info, containing: "No draw history in Redis").count == 1)
        #expect(try await admin.send(["EXISTS", RedisKeys().history]).int == 0)
    }
}

/// A sink that records the trend pictures' captions (and the messages, as `RecordingSink`).
final class RecordingPictureSink: PictureSink {
    let name: String
    let format = MessageFormat.plain
    let maxLength: Int? = nil
    let trend: TrendSettings?
    let captionLimit = 1024
    private let recorded = Mutex<[String]>([])

    init(name: String, trend: TrendSettings) {
        self.name = name
        self.trend = trend
    }

    func send(_ text: String, of post: Post) async throws {}

    func sendPicture(_ png: [UInt8], caption: String, of post: Post) async throws {
        recorded.withLock { $0.append(caption) }
    }

    /// The captions of the pictures posted, in order.
    var captions: [String] { recorded.withLock { $0 } }
}

// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotStore
import BotSupport
import BotTelemetry
import CurlHTTP
import Foundation
import Logging
import RedisClient
import TestHarness
import Testing

/// A reader whose Redis is unreachable reads a live lease holder's `GET /snapshot` over real HTTP
/// (the telemetry server with a bearer token), posts from it, and never calls the game API, which
/// is the simulator counting its requests (issue 15, item 4).
@Suite struct PeerReadHTTPTests {
    static func snapshot(_ issues: ClosedRange<Int64>) -> [UInt8] {
        let now = SystemWallClock().nowMillis()
        let snapshot = Snapshot(
            timestamp: now, feed: Fixtures.feed(issues),
            processed: .init(issueNumber: issues.upperBound, colors: "GREEN", resultFormat: "1", gameType: "RG5M", lastUpdate: now)
        )
        return snapshot.encoded()
    }

    /// A `vi` reader's config whose Redis is down, asking `peer` (with `token`, if any), then the
    /// game API; the ledger in memory. The Redis port stays bound, not listening, for the test
    /// process's life, so that no other test's server takes it while the reader runs.
    static func redisDownConfig(gameAPI: String, peer: String, token: Secret? = Secret("peer-token")) throws -> BotConfig {
        var config = BotConfig(locale: "vi", role: .reader, upstreamURL: gameAPI)
        config.localesDirectory = RepoPaths.locales
        config.redis.url = "redis://127.0.0.1:\(try FreePort.bound().port)"
        config.redis.timeout = .seconds(2)
        config.shared.peers = [peer]
        config.shared.peerToken = token
        config.delivery.ledger = .memory
        return config
    }

    /// The reader `config` makes, posting to `sink`; its logs go to `logs`, or nowhere.
    static func reader(_ config: BotConfig, sink: RecordingSink = RecordingSink(), logs: LogRecorder? = nil) throws -> ReaderService? {
        try TestBot(config: config).with {
            $0.parts.sinks = [sink]
            $0.parts.makeLogger = { label in logs?.logger(label: label) ?? Logger(label: label) { _ in SwiftLogNoOpLogHandler() } }
        }.bot().role.reader
    }

    /// A `vi` reader whose Redis is down, asking `peer` with a token, then the game API.
    static func readerWithRedisDown(gameAPI: String, peer: String, logs: LogRecorder? = nil) throws -> ReaderService? {
        try reader(try redisDownConfig(gameAPI: gameAPI, peer: peer), logs: logs)
    }

    @Test func aReaderWithRedisDownReadsTheLeaseHolderAndNeverTheGameAPI() async throws {
        let sim = try await RunningSimulator.start()
        let board = ServedSnapshot()
        board.postUnshared(Self.snapshot(1...9))
        try await TelemetryServerTests.withServer(snapshots: board, peerToken: Secret("peer-token")) { port in
            var config = try Self.redisDownConfig(gameAPI: sim.url, peer: "http://127.0.0.1:\(port)")
            // The served snapshot stays fresh however long a loaded machine takes to get here.
            config.shared.freshness = config.shared.ttl
            let sink = RecordingSink()
            let reader = try #require(try Self.reader(config, sink: sink))

            #expect(await reader.pollOnce() == .peer)
            // Running, the reader long-polls the holder: a new snapshot is posted as soon as it is served.
            let running = Task { try await reader.run() }
            for _ in 0..<3000 where board.waitingCount == 0 { try await Task.sleep(for: .milliseconds(10)) }
            #expect(board.waitingCount == 1, "the reader does not long-poll the lease holder")
            board.postUnshared(Self.snapshot(1...10))
            for _ in 0..<3000 where !sink.issues.contains(10) { try await Task.sleep(for: .milliseconds(10)) }
            running.cancel()
            _ = await running.result
            #expect(sink.issues == [9, 10])
            #expect(sim.state.requestCounts.total == 0, "the game API was called: \(sim.state.requestCounts.byUserAgent)")
        }
        await sim.stop()
    }

    /// With Redis down, the history the lease holder serves with its snapshot (issue 28) gives the
    /// reader's streak past the API's window: 14 reds in a row, posted as 14 from a window of 10.
    @Test func aReaderWithRedisDownTakesTheServedHistoryForItsStreak() async throws {
        let history = (Int64(11)...30).map { Fixtures.draw($0, value: $0 <= 16 ? "001" : "002") }
        let feed = DrawFeed(draws: Array(history.suffix(10)), raw: Array(Fixtures.responseJSON(Array(history.suffix(10))).utf8))
        let now = SystemWallClock().nowMillis()
        let snapshot = Snapshot(
            timestamp: now, feed: feed, processed: .init(issueNumber: 30, colors: "RED", resultFormat: "002", gameType: "RG5M", lastUpdate: now))
        let board = ServedSnapshot()
        board.postUnshared(snapshot.encoded(), history: SnapshotDraws.encoded(history))
        try await TelemetryServerTests.withServer(snapshots: board, peerToken: nil) { port in
            var config = try Self.redisDownConfig(gameAPI: "http://127.0.0.1:1/unused", peer: "http://127.0.0.1:\(port)", token: nil)
            config.shared.freshness = config.shared.ttl
            let sink = RecordingSink()
            let reader = try #require(try Self.reader(config, sink: sink))
            let poster = reader.poster
            try await withRunningPosters([poster]) {
                #expect(await reader.pollOnce() == .peer)
                await poster.idle()
            }
            #expect(sink.issues == [30])
            #expect(sink.posts.first?.text.contains("về 14 kỳ liên tiếp") == true, "\(sink.posts.first?.text ?? "")")
        }
    }

    /// A peer that answers every long poll at once with a new `ETag` (issue 27: ~680 requests a
    /// second before) is asked less and less often: in a generous window of real time, a handful
    /// of requests, where a tight loop makes thousands. The schedule itself is `LongPollPacingTests`'.
    @Test func aPeerAnsweringEveryLongPollAtOnceDoesNotSpinTheReader() async throws {
        let sim = try await RunningSimulator.start()
        let peer = try await HostilePeer.start()
        let reader = try #require(try Self.readerWithRedisDown(gameAPI: sim.url, peer: peer.baseURL))
        let running = Task { try await reader.run() }
        // Long polls start once a read found Redis down; then count them for 5 s.
        let start = ContinuousClock.now
        while !peer.received.contains(where: { $0.query.hasPrefix("wait=") }) && ContinuousClock.now - start < .seconds(60) {
            try await Task.sleep(for: .milliseconds(10))
        }
        let first = try #require(peer.received.first { $0.query.hasPrefix("wait=") }, "the reader never long-polled the peer")
        try await Task.sleep(for: .seconds(5))
        running.cancel()
        _ = await running.result
        let window = peer.received.filter { $0.query.hasPrefix("wait=") && $0.receivedAt - first.receivedAt < .seconds(5) }
        // 100 + 200 + 400 + 800 + 1600 + 2000 ms: about 7 in 5 s; a spinning reader makes thousands.
        #expect(window.count < 40, "\(window.count) long polls in 5 s")
        #expect(peer.received.allSatisfy { $0.path == "/snapshot" && $0.authorization == "Bearer peer-token" })
        #expect(sim.state.requestCounts.total == 0, "the game API was called: \(sim.state.requestCounts.byUserAgent)")
        await peer.stop()
        await sim.stop()
    }

    /// A peer whose answer never ends (issue 27: a reader's resident memory rose from 58 to 127 MB):
    /// the reader reads it up to the snapshot's limit, hangs up (`tooLarge`), says why, and goes on
    /// reading the game API, poll after poll.
    @Test func aPeerStreamingAnEndlessBodyIsCutAtTheLimitAndTheReaderGoesOn() async throws {
        let sim = try await RunningSimulator.start()
        let peer = try EndlessPeer()
        // The client a reader asks its peers with: the body stops at the limit, with .tooLarge.
        do {
            _ = try await CurlHTTPClient(maxResponseBytes: Snapshot.maxBytes).execute(HTTPRequest(url: "\(peer.baseURL)/snapshot"))
            Issue.record("an endless body was read to its end")
        } catch let error as HTTPClientError {
            #expect(error.code == .tooLarge, "\(error)")
        }
        let logs = LogRecorder()
        let reader = try #require(try Self.readerWithRedisDown(gameAPI: sim.url, peer: peer.baseURL, logs: logs))
        #expect(await reader.pollOnce() == .api)
        #expect(!logs.entries(atLeast: .warning, containing: "a body over \(Snapshot.maxBytes) bytes, refused").isEmpty)
        sim.state.publish()
        #expect(await reader.pollOnce() == .api, "the reader goes on after the endless peer")
        // Each answer ended when the reader hung up, having taken the limit and no more than a few
        // socket buffers beyond it (an unbounded read takes all it is sent, until its timeout).
        let deadline = ContinuousClock.now + .seconds(60)
        while peer.streamed.ended < peer.streamed.connections && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        let streamed = peer.streamed
        #expect(streamed.connections >= 3 && streamed.ended == streamed.connections, "\(streamed)")
        #expect(streamed.bytes <= streamed.connections * (Snapshot.maxBytes + (8 << 20)), "\(streamed)")
        peer.stop()
        await sim.stop()
    }

    /// A snapshot planted in Redis whose `advertise` is `<peer>/internal/admin?delete=all&x=`
    /// (issue 27: readers sent `GET /internal/admin?delete=all&x=/snapshot` with the token): once
    /// Redis is down, the reader sends that address nothing at all.
    @Test func aPlantedAdvertisedAddressGetsNoRequestWithTheToken() async throws {
        let sim = try await RunningSimulator.start()
        let peer = try await HostilePeer.start()
        let redis = try RedisServerProcess.start()
        var config = BotConfig(locale: "vi", role: .reader, upstreamURL: sim.url)
        config.localesDirectory = RepoPaths.locales
        config.redis.url = redis.url
        config.redis.timeout = .seconds(2)
        config.shared.peerToken = Secret("peer-token")
        config.delivery.ledger = .memory
        let now = SystemWallClock().nowMillis()
        var planted = Snapshot(
            timestamp: now, feed: Fixtures.feed(1...9),
            processed: .init(issueNumber: 9, colors: "GREEN", resultFormat: "1", gameType: "RG5M", lastUpdate: now))
        planted.advertise = "\(peer.baseURL)/internal/admin?delete=all&x="
        let control = RedisClient(configuration: RedisConfiguration(endpoint: try RedisEndpoint(url: redis.url)), logger: Logger(label: "t"))
        _ = try await control.send([Array("SET".utf8), Array(config.shared.key.utf8), Snapshot.stamped(planted.encoded(), sequence: 5)])
        let logs = LogRecorder()
        let bot = try TestBot(config: config).with {
            $0.parts.sinks = [RecordingSink()]
            $0.parts.makeLogger = { logs.logger(label: $0) }
        }.bot()
        let reader = try #require(bot.role.reader)
        #expect(await reader.pollOnce() == .store)
        redis.stop()
        #expect(await reader.pollOnce() != .peer)
        #expect(peer.received.isEmpty, "\(peer.received.map { "\($0.path)?\($0.query)" })")
        #expect(!logs.entries(atLeast: .warning, containing: "Refused a peer address: the snapshot in Redis advertises").isEmpty)
        await peer.stop()
        await sim.stop()
    }
}

import BotEngine
import BotEngineTesting
import BotTelemetry
import Logging
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

    @Test func aReaderWithRedisDownReadsTheLeaseHolderAndNeverTheGameAPI() async throws {
        let sim = try await RunningSimulator.start()
        let board = SnapshotBoard()
        board.postUnshared(Self.snapshot(1...9))
        try await TelemetryServerTests.withServer(snapshots: board, peerToken: Secret("peer-token")) { port in
            var config = BotConfig(locale: "vi", role: .reader, upstreamURL: sim.url)
            config.localesDirectory = RepoPaths.locales
            config.redis.url = "redis://127.0.0.1:\(try FreePort.next())"  // nobody listens: Redis is down
            config.redis.timeout = .seconds(2)
            // The served snapshot stays fresh however long a loaded machine takes to get here.
            config.shared.freshness = config.shared.ttl
            config.shared.peers = ["http://127.0.0.1:\(port)"]
            config.shared.peerToken = Secret("peer-token")
            let sink = RecordingSink()
            var parts = BotAssembly.Parts()
            parts.sinks = [sink]
            parts.makeLogger = { label in Logger(label: label) { _ in SwiftLogNoOpLogHandler() } }
            config.delivery.ledger = .memory
            let reader = try #require(try BotAssembly.make(config: config, parts: parts).role.reader)

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
}

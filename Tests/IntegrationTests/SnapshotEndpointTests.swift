// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotSupport
import BotTelemetry
import CurlHTTP
import Testing

/// `GET /snapshot` on the telemetry listener over real HTTP on 127.0.0.1 (issue 15, item 4).
@Suite struct SnapshotEndpointTests {
    let client = CurlHTTPClient(userAgent: "snapshot-test")
    let longPolls = CurlHTTPClient(userAgent: "snapshot-test")

    func get(
        _ url: String, etag: Int64? = nil, token: String? = nil, on client: CurlHTTPClient? = nil, timeout: Duration = .seconds(60)
    ) async throws -> HTTPResponse {
        var headers: [HTTPHeader] = []
        if let etag { headers.append(HTTPHeader("If-None-Match", PeerETag.format(etag))) }
        if let token { headers.append(HTTPHeader("Authorization", "Bearer \(token)")) }
        return try await (client ?? self.client).execute(HTTPRequest(url: url, headers: headers, timeout: timeout))
    }

    /// Waits (generous deadline) until `count` readers wait on `board`.
    func waitForWaiters(_ board: ServedSnapshot, _ count: Int) async throws {
        for _ in 0..<3000 where board.waitingCount < count { try await Task.sleep(for: .milliseconds(10)) }
        try #require(board.waitingCount == count)
    }

    @Test func itServesTheLatestSnapshotWithItsSequenceAsETagAndLongPolls() async throws {
        let board = ServedSnapshot()
        try await TelemetryServerTests.withServer(snapshots: board) { port in
            let url = "http://127.0.0.1:\(port)/snapshot"
            let none = try await get(url)
            #expect(none.status == 503)
            #expect(String(decoding: none.body, as: UTF8.self).contains("does not hold the lease"))

            board.post(Array(#"{"timestamp":1,"sequence":7}"#.utf8), sequence: 7)
            let first = try await get(url)
            #expect(first.status == 200)
            #expect(first.body == Array(#"{"timestamp":1,"sequence":7}"#.utf8))
            #expect(first.header("ETag") == "\"7\"")
            #expect(try await get(url, etag: 7).status == 304)
            #expect(try await get(url, etag: 6).status == 200)

            async let waited = get("\(url)?wait=25s", etag: 7, on: longPolls)
            try await waitForWaiters(board, 1)
            board.post(Array(#"{"timestamp":2,"sequence":8}"#.utf8), sequence: 8)
            let answer = try await waited
            #expect(answer.status == 200)
            #expect(answer.header("ETag") == "\"8\"")
            #expect(answer.body == Array(#"{"timestamp":2,"sequence":8}"#.utf8))

            board.withdraw()
            #expect(try await get(url, etag: 8).status == 503)
            #expect(try await get("\(url)?wait=forever").status == 400)
        }
    }

    /// A long poll outlives the idle timeout (the request is in progress), and the waiters are
    /// bounded: one past the bound is answered 503 at once, with Retry-After.
    @Test func longPollsOutliveTheIdleTimeoutAndAreBounded() async throws {
        let board = ServedSnapshot(maxWaiters: 1)
        board.post(Array("{}".utf8), sequence: 3)
        var limits = TelemetryServer.Limits()
        limits.idleTimeout = .milliseconds(300)
        try await TelemetryServerTests.withServer(limits, snapshots: board) { port in
            let url = "http://127.0.0.1:\(port)/snapshot"
            let unchanged = try await get("\(url)?wait=2s", etag: 3)
            #expect(unchanged.status == 304)
            #expect(unchanged.header("ETag") == "\"3\"")

            async let waited = get("\(url)?wait=25s", etag: 3, on: longPolls)
            try await waitForWaiters(board, 1)
            let refused = try await get("\(url)?wait=25s", etag: 3)
            #expect(refused.status == 503)
            #expect(refused.header("Retry-After") == "1")
            board.post(Array("{}".utf8), sequence: 4)
            #expect(try await waited.status == 200)
        }
    }

    /// More readers than the listener keeps connections: each reader's request closes its
    /// connection, so every one is served in turn (with connections kept alive between reads, the
    /// third reader here waited for a connection the first two held, and timed out).
    @Test func moreReadersThanConnectionsAreEachServed() async throws {
        let board = ServedSnapshot()
        board.post(Array(#"{"timestamp":1,"sequence":5}"#.utf8), sequence: 5)
        var limits = TelemetryServer.Limits()
        limits.maxConnections = 2
        limits.idleTimeout = .seconds(600)
        try await TelemetryServerTests.withServer(limits, snapshots: board) { port in
            let readers = (0..<4).map { _ in
                PeerSnapshotSource(peers: ["http://127.0.0.1:\(port)"], token: nil, userAgent: "reader") {
                    (reads: CurlHTTPClient(userAgent: "reader"), longPolls: CurlHTTPClient(userAgent: "reader"))
                }
            }
            // Each is asked until served (a loaded machine can stall one request past its 5 s);
            // a connection held by another reader is held past the deadline (the idle timeout).
            for (index, reader) in readers.enumerated() {
                let deadline = ContinuousClock.now + .seconds(60)
                var answer = await reader.fetch()
                while ContinuousClock.now < deadline, case .unavailable = answer { answer = await reader.fetch() }
                guard case .snapshot(_, let sequence, _) = answer else {
                    Issue.record("reader \(index) was not served: \(answer)")
                    continue
                }
                #expect(sequence == 5)
            }
        }
    }

    @Test func aTokenGuardsItAndAReaderServesNone() async throws {
        let board = ServedSnapshot()
        board.post(Array("{}".utf8), sequence: 1)
        try await TelemetryServerTests.withServer(snapshots: board, peerToken: Secret("s3cret")) { port in
            let url = "http://127.0.0.1:\(port)/snapshot"
            let missing = try await get(url)
            #expect(missing.status == 401)
            #expect(missing.header("WWW-Authenticate") == "Bearer")
            #expect(try await get(url, token: "wrong!").status == 401)
            #expect(try await get(url, token: "s3cret").status == 200)
        }
        try await TelemetryServerTests.withServer { port in
            let reader = try await get("http://127.0.0.1:\(port)/snapshot")
            #expect(reader.status == 404)
            #expect(String(decoding: reader.body, as: UTF8.self).contains("this bot is a reader"))
        }
    }

    /// A stop answers the waiting long polls at once (304): they do not hold the graceful
    /// shutdown up for their whole wait (which a master's SIGTERM promises within 2 s).
    @Test func aStopAnswersWaitingLongPolls() async throws {
        let board = ServedSnapshot()
        board.post(Array("{}".utf8), sequence: 1)
        var limits = TelemetryServer.Limits()
        limits.longPollWait = .seconds(120)
        var poll: Task<HTTPResponse, any Error>?
        try await TelemetryServerTests.withServer(limits, snapshots: board) { port in
            let client = longPolls
            poll = Task { try await get("http://127.0.0.1:\(port)/snapshot?wait=120s", etag: 1, on: client, timeout: .seconds(30)) }
            try await waitForWaiters(board, 1)
        }
        let answer = try await #require(poll).value
        #expect(answer.status == 304)
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotStore
import CurlHTTP
import Logging
import Synchronization
import Testing

/// A master and a reader whose game API answers in a shape their mapping does not describe:
/// nothing is posted or shared, and the error (naming the mapping key and the response part) is
/// logged once, not on every poll.
@Suite struct MappingRoleTests {
    let wall = ManualWallClock()
    let clock = VirtualClock()
    let store: InMemorySnapshotStore
    let sink = RecordingSink()
    let logs = LogRecorder()

    init() {
        store = InMemorySnapshotStore(wallClock: wall)
    }

    /// A bot of the list game whose HTTP transport always answers `body`.
    func bot(_ role: BotConfig.Role, body: String) throws -> Bot {
        try bot(role, transport: ScriptedTransport { _ in .success(body) })
    }

    /// A bot of the list game on `transport`.
    func bot(_ role: BotConfig.Role, transport: any HTTPTransport) throws -> Bot {
        let yaml = """
            locale: \(role == .master ? "en" : "vi")
            locales_dir: \(RepoPaths.locales)
            role: \(role.rawValue)
            upstream:
              url: http://127.0.0.1:1/api
              preset: list
              retry:
                max_attempts: 3
                base_delay: 10ms
                max_delay: 40ms

            """
        let config = try BotConfig.parse(yaml: yaml, file: RepoPaths.config + "/test.yaml")
        return try TestBot(config: config).with {
            $0.parts.store = store
            $0.parts.transport = transport
            $0.parts.sinks = [sink]
            $0.parts.wallClock = wall
            $0.parts.clock = clock
            $0.parts.makeLogger = { logs.logger(label: $0) }
        }.bot()
    }

    @Test func masterPostsAndSharesNothingAndLogsTheMismatchOnce() async throws {
        let master = try #require(try bot(.master, body: Fixtures.responseJSON([Fixtures.draw(9)])).role.master)
        for _ in 0..<4 { await master.pollOnce() }
        #expect(sink.posts.isEmpty)
        #expect(store.publishCount == 0)
        let warnings = logs.entries(atLeast: .warning, containing: "upstream.mapping.records")
        #expect(warnings.count == 1, "\(logs.entries)")
        #expect(warnings.first?.message.contains("response field data.list: is missing; data has keys records") == true, "\(warnings)")
        #expect(logs.entries(atLeast: .info, containing: "upstream.mapping.records").count == 2, "one retry line and one failure: \(logs.entries)")
    }

    @Test func aDifferentMismatchIsLoggedAgainTheSameOneIsNot() async throws {
        // Three attempts a poll: polls 1-2 miss the records, polls 3-4 have a value of the wrong type.
        let missing = Fixtures.responseJSON([Fixtures.draw(9)])
        let wrongType = #"{"data":{"list":[{"issueNumber":"9","number":[9]}]}}"#
        let transport = ScriptedTransport { call in .success(call < 6 ? missing : wrongType) }
        let master = try #require(try bot(.master, transport: transport).role.master)
        for _ in 0..<4 { await master.pollOnce() }
        let warnings = logs.entries(atLeast: .warning, containing: "Game API failed")
        #expect(warnings.count == 2, "\(warnings)")
        #expect(warnings.first?.message.contains("upstream.mapping.records") == true)
        #expect(warnings.last?.message.contains("upstream.mapping.value: number") == true)
        #expect(sink.posts.isEmpty)
    }

    @Test func timeoutsWithChangingDetailsAreOneCondition() async throws {
        let transport = ScriptedTransport { call in
            .failure(HTTPClientError(code: .timeout, message: "GET http://127.0.0.1:1/api: Operation timed out after \(2000 + call) milliseconds"))
        }
        let master = try #require(try bot(.master, transport: transport).role.master)
        for _ in 0..<3 { await master.pollOnce() }
        #expect(logs.entries(atLeast: .warning, containing: "Game API failed").count == 1, "\(logs.entries)")
        #expect(logs.entries(atLeast: .info, containing: "timed out").count == 2, "one retry line and one failure: \(logs.entries)")
    }

    @Test func masterPostsTheListShapeWithColoursByDigit() async throws {
        let body = ResponseMappingTests.listBody([("1002", "0"), ("1001", "5")])
        let master = try #require(try bot(.master, body: body).role.master)
        try await withRunningPosters([master.poster]) {
            await master.pollOnce()
            await master.poster.idle()
        }
        #expect(sink.posts.map(\.draw.issue) == [1002])
        #expect(sink.posts.map(\.colorNames) == [["red", "violet"]])
        #expect(store.publishCount == 1)
    }

    @Test func readerOfAnotherShapeNeitherPostsNorRepeatsItself() async throws {
        // A master of the original design and shape wrote the shared keys (no `draws` field, so the
        // reader decodes `game_data`); this reader's game is the list shape, and its direct API
        // answers in the original shape too.
        let original = Fixtures.feed(1...3)
        let snapshot = Snapshot(
            timestamp: wall.nowMillis(), feed: original,
            processed: .init(issueNumber: 3, colors: "GREEN", resultFormat: "003", gameType: "RG5M", lastUpdate: wall.nowMillis())
        )
        store.putPrimary(snapshot.encoded(includingDraws: false))
        let reader = try #require(try bot(.reader, body: String(decoding: original.raw, as: UTF8.self)).role.reader)
        for _ in 0..<4 { #expect(await reader.pollOnce() == .none) }
        #expect(sink.posts.isEmpty)
        let warnings = logs.entries(atLeast: .warning, containing: "upstream.mapping.records: data.list")
        #expect(warnings.count == 2, "the invalid snapshot once, the failing API once: \(logs.entries)")
        #expect(warnings.contains { $0.message.hasPrefix("Shared data in Redis is invalid (game_data: response field data.list: is missing") })
        #expect(warnings.contains { $0.message.hasPrefix("Direct API failed too: response field data.list: is missing") })
    }
}

/// An HTTP transport whose answer to request `n` (from 0) is `script(n)`: a 200 with that body,
/// or the error.
final class ScriptedTransport: HTTPTransport {
    private let script: @Sendable (Int) -> Result<String, HTTPClientError>
    private let calls = Mutex(0)

    init(_ script: @escaping @Sendable (Int) -> Result<String, HTTPClientError>) { self.script = script }

    func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        let call = calls.withLock { calls in
            defer { calls += 1 }
            return calls
        }
        return HTTPResponse(status: 200, headers: [], body: Array(try script(call).get().utf8))
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotStore
import BotSupport
import CurlHTTP
import Testing

/// A reader with Redis down takes the lease holder's snapshot over HTTP before the game API
/// (issue 15, item 4); the peer's answers come from a canned transport, time is virtual.
@Suite struct PeerReadTests {
    let wall = ManualWallClock()
    let store: InMemorySnapshotStore
    let sink = RecordingSink()
    let logs = LogRecorder()

    init() {
        store = InMemorySnapshotStore(wallClock: wall)
    }

    static let token = "peer-token-not-real"

    func reader(
        api: ScriptedGameAPI, peer: CannedTransport, peers: [String] = ["http://10.9.9.9:9464"], clock: VirtualClock = VirtualClock()
    ) throws -> ReaderService {
        let bot = try TestBot(.reader, locale: "vi", store: store).with {
            $0.config.shared.peers = peers
            $0.config.shared.peerToken = Secret(Self.token)
            $0.parts.api = api
            $0.parts.transport = UnusedTransport()
            $0.parts.peerTransports = (peer, peer)
            $0.parts.sinks = [sink]
            $0.parts.wallClock = wall
            $0.parts.clock = clock
            $0.parts.makeLogger = { logs.logger(label: $0) }
        }.bot()
        return try #require(bot.role.reader)
    }

    /// The snapshot a master of `game` writes for draws `issues`, now, advertising `advertise`.
    func snapshot(_ issues: ClosedRange<Int64>, game: String = "RG5M", advertise: String? = nil, at millis: Int64? = nil) -> [UInt8] {
        let feed = Fixtures.feed(issues)
        let now = millis ?? wall.nowMillis()
        var snapshot = Snapshot(
            timestamp: now, feed: feed,
            processed: .init(issueNumber: issues.upperBound, colors: "GREEN", resultFormat: "1", gameType: game, lastUpdate: now)
        )
        snapshot.advertise = advertise
        return Snapshot.stamped(snapshot.encoded(), sequence: 5)
    }

    @Test func withRedisDownAReaderPostsThePeersSnapshotAndNeverCallsTheGameAPI() async throws {
        let api = ScriptedGameAPI([.success(Fixtures.feed(1...3))])
        let peer = CannedTransport(status: 200, headers: [("ETag", "\"5\"")], body: String(decoding: snapshot(1...9), as: UTF8.self))
        let reader = try reader(api: api, peer: peer)
        store.setFailing(StoreError("Connection refused"))
        try await withRunningPosters([reader.poster]) {
            #expect(await reader.pollOnce() == .peer)
            await reader.poster.idle()
        }
        #expect(api.calls == 0)
        #expect(sink.issues == [9])
        #expect(peer.urls == ["http://10.9.9.9:9464/snapshot"])
    }

    /// The address comes from the last snapshot read from Redis (no Redis command more), before
    /// the static list.
    @Test func theLeaseHoldersAdvertisedAddressIsAskedFirst() async throws {
        let api = ScriptedGameAPI([.success(Fixtures.feed(1...3))])
        let peer = CannedTransport(status: 200, headers: [("ETag", "\"5\"")], body: String(decoding: snapshot(1...9), as: UTF8.self))
        let reader = try reader(api: api, peer: peer, peers: ["http://10.9.9.9:9464", "http://10.0.0.5:9464"])
        store.putPrimary(snapshot(1...8, advertise: "http://10.0.0.5:9464/"))
        try await withRunningPosters([reader.poster]) {
            #expect(await reader.pollOnce() == .store)
            store.setFailing(StoreError("Connection refused"))
            #expect(await reader.pollOnce() == .peer)
            await reader.poster.idle()
        }
        #expect(peer.urls == ["http://10.0.0.5:9464/snapshot"])
        #expect(sink.issues == [8, 9])
    }

    /// Redis restarted empty: until the master writes again, its snapshot comes from it.
    @Test func anEmptyRedisAsksTheLeaseHolderToo() async throws {
        let api = ScriptedGameAPI([.success(Fixtures.feed(1...3))])
        let peer = CannedTransport(status: 200, headers: [("ETag", "\"5\"")], body: String(decoding: snapshot(1...9), as: UTF8.self))
        let reader = try reader(api: api, peer: peer, peers: [])
        store.putPrimary(snapshot(1...8, advertise: "http://10.0.0.5:9464"))
        try await withRunningPosters([reader.poster]) {
            #expect(await reader.pollOnce() == .store)
            store.putPrimary(nil)
            #expect(await reader.pollOnce() == .peer)
            await reader.poster.idle()
        }
        #expect(api.calls == 0)
        #expect(sink.issues == [8, 9])
    }

    /// Runs `reader` with Redis failing until `peer` has had 40 requests (or 15 s of polling).
    func runWithRedisDown(_ reader: ReaderService, until peer: CannedTransport) async throws {
        store.setFailing(StoreError("Connection refused"))
        let running = Task { try await reader.run() }
        for _ in 0..<3000 where peer.requestCount < 40 { try await Task.sleep(for: .milliseconds(5)) }
        running.cancel()
        _ = await running.result
    }

    /// The long poll asks again at once only after a new sequence: a peer that answers the same
    /// snapshot at once (ignoring If-None-Match and ?wait) is asked once a poll interval, not in a
    /// tight loop.
    @Test func aPeerThatDoesNotWaitIsNotHammered() async throws {
        let api = ScriptedGameAPI([.success(Fixtures.feed(1...3))])
        let peer = CannedTransport(status: 200, headers: [("ETag", "\"5\"")], body: String(decoding: snapshot(1...9), as: UTF8.self))
        let clock = VirtualClock()
        let reader = try reader(api: api, peer: peer, clock: clock)
        try await runWithRedisDown(reader, until: peer)
        let requests = peer.urls.filter { $0.contains("?wait=") }.count
        let pauses = clock.sleeps.filter { $0 == .seconds(2) }.count
        #expect(requests >= 10)
        #expect(pauses >= requests - 2, "\(requests) long polls, \(pauses) pauses of a poll interval")
        #expect(api.calls == 0)
        #expect(sink.issues == [9])
    }

    /// Addresses are configuration, not data (issue 27): a snapshot planted in Redis whose
    /// `advertise` has a path and a query gets no request, so the token never goes there; with
    /// `shared.peers` set, only they are asked, and an address of the right form that is not one
    /// of them is refused too. Each refusal is logged with the address.
    @Test(arguments: [
        ("http://host/internal/admin?delete=all&x=", [String]()), ("http://host/internal/admin?delete=all&x=", ["http://10.9.9.9:9464"]),
        ("http://user:pw@10.6.6.6:9464", []), ("http://10.6.6.6:9464/#x", []), ("http://10.6.6.6:9464", ["http://10.9.9.9:9464"]),
    ])
    func aPlantedAdvertisedAddressGetsNoRequest(advertised: String, peers: [String]) async throws {
        let api = ScriptedGameAPI([.success(Fixtures.feed(1...3))])
        let peer = CannedTransport(status: 200, headers: [("ETag", "\"5\"")], body: String(decoding: snapshot(1...9), as: UTF8.self))
        let reader = try reader(api: api, peer: peer, peers: peers)
        store.putPrimary(snapshot(1...8, advertise: advertised))
        try await withRunningPosters([reader.poster]) {
            #expect(await reader.pollOnce() == .store)
            store.setFailing(StoreError("Connection refused"))
            _ = await reader.pollOnce()
            await reader.poster.idle()
        }
        #expect(peer.made.allSatisfy { peers.contains(String($0.url.dropLast("/snapshot".count))) }, "\(peer.urls)")
        #expect(peer.urls.allSatisfy { !$0.contains("internal") && !$0.contains("10.6.6.6") }, "\(peer.urls)")
        #expect(peer.urls.count == peers.count)
        #expect(!logs.entries(atLeast: .warning, containing: "Refused a peer address: the snapshot in Redis advertises \"\(advertised)\"").isEmpty)
    }

    /// A peer's answer cannot move a reader elsewhere: the address its snapshot advertises is
    /// not asked (nor sent the token) unless it is one of `shared.peers`.
    @Test func aPeersAnswerDoesNotMoveTheReader() async throws {
        let api = ScriptedGameAPI([.success(Fixtures.feed(1...3))])
        let peer = CannedTransport(
            status: 200, headers: [("ETag", "\"5\"")], body: String(decoding: snapshot(1...9, advertise: "http://10.6.6.6:9464"), as: UTF8.self))
        let reader = try reader(api: api, peer: peer)
        store.setFailing(StoreError("Connection refused"))
        try await withRunningPosters([reader.poster]) {
            #expect(await reader.pollOnce() == .peer)
            #expect(await reader.pollOnce() == .peer)
            await reader.poster.idle()
        }
        #expect(peer.urls == ["http://10.9.9.9:9464/snapshot", "http://10.9.9.9:9464/snapshot"])
        #expect(peer.made.allSatisfy { $0.headers.contains { $0.name == "Authorization" && $0.value == "Bearer \(Self.token)" } })
    }

    /// A peer that answers every long poll at once with a new `ETag` is asked after 100 ms,
    /// then 200 ms, 400 ms, …, up to a poll interval (issue 27): not in a tight loop.
    @Test func aPeerThatAnswersEveryLongPollAtOnceIsAskedLessAndLessOften() async throws {
        let api = ScriptedGameAPI([.success(Fixtures.feed(1...3))])
        let body = String(decoding: snapshot(1...9), as: UTF8.self)
        let peer = CannedTransport { index in
            HTTPResponse(status: 200, headers: [HTTPHeader("ETag", "\"\(index + 5)\"")], body: Array(body.utf8))
        }
        let clock = VirtualClock()
        let reader = try reader(api: api, peer: peer, clock: clock)
        try await runWithRedisDown(reader, until: peer)
        // The main poll loop's sleeps move the virtual clock too, so a poll may look held and start
        // the schedule over: at least every other quick answer is followed by a pause.
        let pacing: [Duration] = [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .milliseconds(1600)]
        let pauses = clock.sleeps.filter { pacing.contains($0) }
        let longPolls = peer.urls.filter { $0.contains("?wait=") }.count
        #expect(longPolls >= 10)
        #expect(pauses.contains(.milliseconds(100)) && pauses.contains(.milliseconds(200)), "\(clock.sleeps)")
        // Then a poll interval (2 s) each, as the main loop's sleeps.
        let waits = clock.sleeps.filter { pacing.contains($0) || $0 == .seconds(2) }
        #expect(waits.count >= longPolls / 2 - 1, "\(longPolls) long polls, sleeps \(clock.sleeps)")
        #expect(api.calls == 0)
    }

    static let hostile: [(name: String, status: Int, headers: [(String, String)], body: [UInt8], reason: String)] = [
        ("redirect", 302, [("Location", "http://elsewhere/")], [], "HTTP 302, a redirect"),
        ("bad JSON", 200, [], Array(#"{"timestamp": 17"#.utf8), "not valid JSON"),
        ("huge body", 200, [], [UInt8](repeating: 0x20, count: Snapshot.maxBytes + 1), "more than the"),
        ("not the holder", 503, [], Array("this master does not hold the lease".utf8), "HTTP 503"),
    ]

    /// A hostile or broken peer is refused with its reason and never posted: the game API serves.
    @Test(arguments: 0..<hostile.count) func aHostilePeerAnswerIsRefused(_ index: Int) async throws {
        let answer = Self.hostile[index]
        let api = ScriptedGameAPI([.success(Fixtures.feed(1...3))])
        let peer = CannedTransport(
            response: HTTPResponse(status: answer.status, headers: answer.headers.map { HTTPHeader($0.0, $0.1) }, body: answer.body))
        let reader = try reader(api: api, peer: peer)
        store.setFailing(StoreError("Connection refused"))
        try await withRunningPosters([reader.poster]) {
            #expect(await reader.pollOnce() == .api, "\(answer.name)")
            await reader.poster.idle()
        }
        #expect(sink.issues == [3])
        #expect(!logs.entries(atLeast: .warning, containing: answer.reason).isEmpty, "\(answer.name): \(logs.entries.map(\.message))")
    }

    @Test(arguments: ["wrong game", "stale"]) func aSnapshotJudgedUnfitIsRefused(_ kind: String) async throws {
        let api = ScriptedGameAPI([.success(Fixtures.feed(1...3))])
        let bytes = kind == "stale" ? snapshot(1...9, at: wall.nowMillis() - 60_000) : snapshot(1...9, game: "OTHER")
        let peer = CannedTransport(status: 200, body: String(decoding: bytes, as: UTF8.self))
        let reader = try reader(api: api, peer: peer)
        store.setFailing(StoreError("Connection refused"))
        try await withRunningPosters([reader.poster]) {
            #expect(await reader.pollOnce() == .api)
            await reader.poster.idle()
        }
        #expect(sink.issues == [3])
        let reason = kind == "stale" ? "stale" : "for game OTHER"
        #expect(
            !logs.entries(atLeast: .warning, containing: "Refused the snapshot of http://10.9.9.9:9464: ").filter { $0.message.contains(reason) }
                .isEmpty)
    }

    /// The lease holder serves the very bytes it wrote to Redis, advertises its address in them
    /// and in its lease value, keeps serving its newest snapshot while Redis is down, and stops
    /// when it gives the lease up.
    @Test func theLeaseHolderServesWhatItWrote() async throws {
        let bot = try TestBot(.master, locale: "en", store: store).with {
            $0.config.shared.advertise = "http://10.0.0.5:9464"
            $0.parts.api = ScriptedGameAPI([.success(Fixtures.feed(1...7)), .success(Fixtures.feed(1...8))])
            $0.parts.transport = UnusedTransport()
            $0.parts.sinks = [sink]
            $0.parts.wallClock = wall
            $0.parts.clock = VirtualClock()
        }.bot()
        let master = try #require(bot.role.master)
        #expect(master.served.current == nil)
        await master.pollOnce()
        guard case .primary(let written, _) = try await store.fetch() else {
            Issue.record("no snapshot written")
            return
        }
        #expect(master.served.current?.bytes == written)
        #expect(master.served.current?.sequence == 1)
        // What GET /snapshot answers: Redis's bytes with the recent history added, which a reader
        // of an earlier release decodes as it did.
        let answer = try #require(master.served.current?.served)
        #expect(try Snapshot.servedHistory(in: answer).map(\.issue) == Array(1...7))
        #expect(try Snapshot.decode(answer) == Snapshot.decode(written))
        #expect(try Snapshot.decode(written).advertise == "http://10.0.0.5:9464")
        #expect(store.leaseHolder?.hasSuffix(" http://10.0.0.5:9464") == true)

        store.setFailing(StoreError("Connection refused"))
        await master.pollOnce()
        let served = try #require(master.served.current)
        #expect(served.sequence == 2)
        #expect(try Snapshot.decode(served.bytes).feed.latest?.issue == 8)

        store.setFailing(nil)
        try await store.releaseLease(token: #require(store.leaseHolder))
        _ = try await store.acquireLease(token: "other@host", ttl: .seconds(8))
        await master.pollOnce()
        #expect(master.served.current == nil)
    }
}

/// A reader's peer follower sleeps until Redis fails, rather than looking every poll interval
/// (issue 29: an idle reader sleeps); a stop ends the wait.
@Suite struct PeerWaitTests {
    func source() -> PeerSnapshotSource {
        PeerSnapshotSource(peers: ["http://10.9.9.9:9464"], token: nil, userAgent: "t") {
            (CannedTransport(status: 500, body: ""), CannedTransport(status: 500, body: ""))
        }
    }

    @Test func theWaitEndsWhenRedisFails() async {
        let peers = source()
        let waiting = Task { await peers.untilRedisFails() }
        peers.redisFailed()
        await waiting.value
        // While Redis is unavailable it does not wait at all.
        await peers.untilRedisFails()
        #expect(peers.isRedisUnavailable)
    }

    @Test func aStopEndsTheWait() async {
        let peers = source()
        let waiting = Task { await peers.untilRedisFails() }
        waiting.cancel()
        await waiting.value
        #expect(!peers.isRedisUnavailable)
    }
}

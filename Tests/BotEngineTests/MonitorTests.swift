// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotStore
import BotSupport
import Logging
import Testing

/// The master and reader report each poll to their bot's monitor: readiness and the summary
/// follow what they did. In-memory parts, virtual time.
@Suite struct MonitorTests {
    let wall = ManualWallClock()
    let store: InMemorySnapshotStore
    let sink = RecordingSink()

    init() {
        store = InMemorySnapshotStore(wallClock: wall)
    }

    func bot(_ role: BotConfig.Role, api: any GameAPI) throws -> Bot {
        try TestBot(role, locale: role == .master ? "en" : "vi", store: store).with {
            $0.parts.api = api
            $0.parts.transport = UnusedTransport()
            $0.parts.sinks = [sink]
            $0.parts.wallClock = wall
            $0.parts.clock = VirtualClock()
            $0.parts.makeLogger = { label in Logger(label: label) { _ in SwiftLogNoOpLogHandler() } }
        }.bot()
    }

    /// The assembled master and its monitor, with `api` as its game API.
    func master(api: any GameAPI) throws -> (MasterService, BotMonitor) {
        let bot = try bot(.master, api: api)
        let master = try #require(bot.role.master)
        #expect(master.poster.monitor === bot.monitor)
        return (master, bot.monitor)
    }

    func reader(api: any GameAPI) throws -> (ReaderService, BotMonitor) {
        let bot = try bot(.reader, api: api)
        let reader = try #require(bot.role.reader)
        #expect(reader.poster.monitor === bot.monitor)
        return (reader, bot.monitor)
    }

    @Test func aMasterIsReadyWhileItWritesAndNotWhenRedisFails() async throws {
        let (master, monitor) = try master(api: ScriptedGameAPI([.success(Fixtures.feed(1...5))]))
        #expect(!monitor.readiness().isReady)
        await master.pollOnce()
        #expect(monitor.readiness().reason == "ready: master write 0s ago; holds the lease")

        store.setFailing(StoreError("Connection refused"))
        wall.advance(by: .seconds(20))
        await master.pollOnce()
        #expect(monitor.readiness().isReady)
        wall.advance(by: .seconds(11))
        await master.pollOnce()
        let verdict = monitor.readiness()
        #expect(!verdict.isReady)
        #expect(verdict.reason.contains("the snapshot write to Redis failed (Connection refused)"), "\(verdict.reason)")
        let counts = monitor.takeSummary()
        #expect(counts.writes == 1 && counts.failedWrites == 2)
    }

    @Test func aReaderCountsHitsAndFallbacksAndIsReadyWhileEitherWorks() async throws {
        await (try master(api: ScriptedGameAPI([.success(Fixtures.feed(1...5))]))).0.pollOnce()
        let api = ScriptedGameAPI([.success(Fixtures.feed(1...6)), .failure(UpstreamError(.timeout, "timed out"))])
        let (reader, monitor) = try reader(api: api)

        #expect(await reader.pollOnce() == .store)
        #expect(monitor.readiness().reason == "ready: fresh snapshot read 0s ago")
        wall.advance(by: .seconds(11))
        #expect(await reader.pollOnce() == .none)  // a standby master gets one lease period first
        wall.advance(by: .seconds(8))
        #expect(await reader.pollOnce() == .api)
        #expect(monitor.readiness().reason == "ready: working fallback to the game API (Redis: stale) 0s ago")
        wall.advance(by: .seconds(31))
        #expect(await reader.pollOnce() == .none)
        let verdict = monitor.readiness()
        #expect(!verdict.isReady)
        #expect(verdict.reason.contains("Redis could not serve (stale) and the game API failed (timeout)"), "\(verdict.reason)")

        let counts = monitor.takeSummary()
        #expect(counts.reads == 3 && counts.hits == 1 && counts.fallbacks == 2 && counts.failedFallbacks == 1)
    }

    @Test func deliveriesAreCountedWithTheLastDraw() async throws {
        let (master, monitor) = try master(api: ScriptedGameAPI([.success(Fixtures.feed(1...5)), .success(Fixtures.feed(1...7))]))
        try await withRunningPosters([master.poster]) {
            await master.pollOnce()
            await master.pollOnce()
            await master.poster.idle()
        }
        let counts = monitor.takeSummary()
        #expect(counts.posts == 3)
        #expect(counts.lastIssue == 7)
        #expect(counts.line(role: .master, interval: .seconds(300)) == "Summary (5m): 2 Redis writes, 3 posts, last draw 7")
    }
}

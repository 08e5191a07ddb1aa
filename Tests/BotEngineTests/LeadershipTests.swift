// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotStore
import BotSupport
import Logging
import Synchronization
import Testing

/// Leadership follows health: the state machine alone, then two masters on one in-memory store
/// whose game APIs fail and recover, in manual wall-clock time.
@Suite struct LeadershipHealthTests {
    @Test func theHolderKeepsTheLeaseThroughFailuresShorterThanHandoverAfter() {
        var health = LeadershipHealth(handoverAfterMillis: 10_000)
        health.tookLease(atMillis: 0)
        #expect(health.recordPoll(success: true, atMillis: 1_000) == .keep)
        #expect(health.recordPoll(success: false, atMillis: 5_000) == .keep)
        #expect(health.recordPoll(success: false, atMillis: 10_999) == .keep)
        #expect(health.recordPoll(success: true, atMillis: 11_000) == .keep)
        // Counted again from the last valid answer.
        #expect(health.recordPoll(success: false, atMillis: 20_999) == .keep)
        #expect(health.recordPoll(success: false, atMillis: 21_000) == .handOver(failingMillis: 10_000))
        #expect(!health.mayLead)
        #expect(!health.canLead)
    }

    @Test func aStandbyProbesRarelyWhileItsProbesSucceed() {
        // Half handover_after before the first probe and after a failure; handover_after while
        // they succeed (issue 29: the standby's probes count against the requests per draw).
        var health = LeadershipHealth(handoverAfterMillis: 30_000)
        #expect(health.probeDelayMillis(interval: 15_000) == 15_000)
        health.recordProbe(success: true, atMillis: 0)
        #expect(health.probeDelayMillis(interval: 15_000) == 30_000)
        health.recordProbe(success: false, atMillis: 30_000)
        #expect(health.probeDelayMillis(interval: 15_000) == 15_000)
        health.recordProbe(success: true, atMillis: 45_000)
        #expect(health.probeDelayMillis(interval: 15_000) == 30_000)
    }

    @Test func aNewHolderGetsAFullHandoverAfterEvenWithAnOldSuccess() {
        var health = LeadershipHealth(handoverAfterMillis: 10_000)
        health.recordProbe(success: true, atMillis: 0)
        health.tookLease(atMillis: 50_000)
        #expect(health.recordPoll(success: false, atMillis: 55_000) == .keep)
        #expect(health.recordPoll(success: false, atMillis: 60_000) == .handOver(failingMillis: 10_000))
    }

    @Test func afterHandingOverOnlyASuccessfulProbeAllowsLeadingAgain() {
        var health = LeadershipHealth(handoverAfterMillis: 10_000)
        health.tookLease(atMillis: 0)
        _ = health.recordPoll(success: false, atMillis: 10_000)
        #expect(!health.mayLead)
        health.recordProbe(success: false, atMillis: 20_000)
        #expect(!health.mayLead)
        #expect(health.standbyText(atMillis: 25_000) == "cannot lead: the game API has failed for 15s")
        health.recordProbe(success: true, atMillis: 30_000)
        #expect(health.mayLead)
        #expect(health.canLead)
        #expect(health.standbyText(atMillis: 33_000) == "could lead (game API answered 3s ago)")
    }

    @Test func aStandbyThatHasNotProbedMayLeadButOneWhoseProbeFailedMayNot() {
        var health = LeadershipHealth(handoverAfterMillis: 10_000)
        #expect(health.mayLead)
        #expect(health.standbyText(atMillis: 0) == "could lead (game API not probed yet)")
        health.recordProbe(success: false, atMillis: 1_000)
        #expect(!health.mayLead)
    }
}

@Suite struct LeadershipHandoverTests {
    let wall = ManualWallClock()
    let store: InMemorySnapshotStore
    let logs = LogRecorder()

    init() {
        store = InMemorySnapshotStore(wallClock: wall)
    }

    func master(_ code: String, api: any GameAPI) throws -> MasterService {
        let bot = try TestBot(.master, locale: code, store: store).with {
            $0.config.shared.handoverAfter = .seconds(10)
            $0.parts.api = api
            $0.parts.transport = UnusedTransport()
            $0.parts.sinks = [RecordingSink()]
            $0.parts.wallClock = wall
            $0.parts.clock = VirtualClock()
            $0.parts.makeLogger = { self.logs.logger(label: $0) }
        }.bot()
        return try #require(bot.role.master)
    }

    @Test func aHolderThatCannotReachTheAPIHandsOverAndTakesTheLeaseBackOnlyAfterAProbeSucceeds() async throws {
        let sick = SwitchableGameAPI()
        let healthy = SwitchableGameAPI()
        let en = try master("en", api: sick)
        let vi = try master("vi", api: healthy)
        await en.pollOnce()
        await vi.pollOnce()
        #expect(en.isLeader)
        #expect(!vi.isLeader)
        sick.isUp = false

        // en fails for less than handover_after: it keeps the lease.
        wall.advance(by: .seconds(5))
        await en.pollOnce()
        #expect(en.isLeader)
        // ... then for handover_after: it gives the lease up, says so, and the standby takes it.
        wall.advance(by: .seconds(5))
        await en.pollOnce()
        #expect(!en.isLeader)
        #expect(logs.entries(atLeast: .warning, containing: "Handing the lease over").count == 1)
        #expect(en.poster.monitor.readiness().reason.contains("standby: cannot lead"))
        await vi.pollOnce()
        #expect(vi.isLeader)

        // The lease lapses (vi stops renewing); en, still sick, does not take it back.
        wall.advance(by: .seconds(9))
        await en.probeOnce()
        await en.pollOnce()
        #expect(!en.isLeader)
        #expect(try await store.acquireLease(token: "someone-else", ttl: .seconds(8)) == true)
        try await store.releaseLease(token: "someone-else")

        // Its probe succeeds: it may lead again, and takes the free lease.
        sick.isUp = true
        await en.probeOnce()
        #expect(en.poster.monitor.readiness().reason.contains("standby: could lead (game API answered 0s ago)"))
        await en.pollOnce()
        #expect(en.isLeader)
    }
}

/// A game API that answers draws while up and HTTP 403 while down.
final class SwitchableGameAPI: GameAPI {
    private let up = Mutex(true)

    var isUp: Bool {
        get { up.withLock { $0 } }
        set { up.withLock { $0 = newValue } }
    }

    func fetchDraws() async throws -> DrawFeed {
        guard isUp else { throw UpstreamError(.status, "HTTP 403", status: 403) }
        return Fixtures.feed(1...5)
    }
}

/// `redgreen-bot status` shows which masters could lead, from the stats each master shares.
@Suite struct LeadershipStatusTests {
    @Test func aMastersStatsCarryItsLeadershipToTheStatusText() throws {
        let stats = BotStats(
            locale: "vi", role: "master", intervalMillis: 300_000, updatedMillis: 1_000, counts: SummaryCounts(),
            lead: "standby, cannot lead: the game API has failed for 2m")
        let read = try #require(BotStats(locale: "vi", fields: Dictionary(uniqueKeysWithValues: stats.fields)))
        #expect(read == stats)
        let status = FleetStatus(
            game: "RG5M", redis: "redis://127.0.0.1:6379", checkedAtMillis: 13_000, snapshot: .init(key: "k", present: false),
            lease: .init(key: "redgreen:lease:RG5M"),
            locales: [.init(locale: "vi", lastPostedIssue: nil, lag: nil, sinks: [], stats: .init(read, nowMillis: 13_000))])
        #expect(status.text().contains("master (standby, cannot lead: the game API has failed for 2m), 5m, 12s ago"), "\(status.text())")
    }

    @Test func aMonitorSaysWhetherItsMasterLeadsOrCouldLead() {
        let wall = ManualWallClock()
        let monitor = BotMonitor(locale: "en", role: .master, readinessWindow: .seconds(30), wallClock: wall)
        #expect(monitor.leadershipText() == nil)
        var health = LeadershipHealth(handoverAfterMillis: 10_000)
        monitor.setLeadership(leading: true, health: health)
        #expect(monitor.leadershipText() == "leader")
        #expect(monitor.readiness().reason.hasSuffix("; holds the lease"))
        health.recordProbe(success: true, atMillis: wall.nowMillis())
        monitor.setLeadership(leading: false, health: health)
        wall.advance(by: .seconds(4))
        #expect(monitor.leadershipText() == "standby, could lead (game API answered 4s ago)")
    }
}

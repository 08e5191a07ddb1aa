// SPDX-License-Identifier: Apache-2.0
import BotStore
import BotSupport
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// The bot that polls the game API on its own schedule (never from its own cached value),
/// shares each result through the store, and posts new draws.
///
/// Any number of masters share a lease in the store: the holder polls and writes; the others
/// stand by as readers and try to take the lease at each poll, so one takes over within a lease
/// period and a poll interval of the holder's death. Every write checks the lease (a fenced
/// write): a master paused past its lease finds its write refused and stands by again. The holder
/// renews the lease every third of its TTL and gives it up on a graceful stop.
///
/// Leadership follows health (``LeadershipHealth``): a holder that has had no valid answer from
/// the game API for `shared.handover_after` gives the lease up and stands by, so that a standby
/// that can reach the API takes over. Standing by, a master probes the game API every
/// ``BotConfig/probeInterval`` (every `handover_after` while its probes succeed); after handing
/// over, or after a failed probe, it takes the lease again only once a probe succeeds.
///
/// A successful poll rewrites the snapshot with a new timestamp when its draws changed, and
/// otherwise (a confirmation) when the last write would be older than half of `shared.freshness`
/// by the next poll, so that its age tells readers how recently the master confirmed it; only a
/// write whose draws differ from this master's last write is announced on the update channel
/// (with the latest issue), so readers are woken for changes, not for confirmations; a
/// confirmation whose draws the draw history holds sends none for it. A failed write is logged
/// and the bot goes on posting from the API. Standing by, a master tries the lease at every poll
/// and checks the snapshot as a reader's backstop does.
package final class MasterService: Service {
    let config: BotConfig
    private let api: any GameAPI
    private let probeAPI: any GameAPI
    private let store: any SnapshotStore
    /// Hands new draws to the sinks; `run()` runs its sink workers.
    package let poster: DrawPoster
    private let renderer: MessageRenderer
    private let wallClock: any WallClock
    private let clock: any Clock<Duration>
    let logger: Logger
    let logs = Mutex(Logs())
    let standby: ReaderService
    /// This master's lease value: a random token, so two masters never mistake each other's
    /// lease, then the address it serves its snapshot on (`<id>@<host> <shared.advertise>`).
    let token: String
    /// The snapshot this master serves over HTTP while it holds the lease (`GET /snapshot`).
    package let served = ServedSnapshot()
    private let leading = LeaderFlag()
    private let schedule: Mutex<PollSchedule>
    private let health: Mutex<LeadershipHealth>
    /// Where the master's tasks run, when given: the Redis client's thread, so that an idle
    /// master's timers, lease renewals and writes run there without a thread hop each.
    private let executor: (any TaskExecutor)?

    struct Logs {
        var upstream = ConditionLog()
        /// Whether the fenced write appends to the draw history (said when it changes).
        var history = ConditionLog(last: "ok")
        var storeFailing = false
        /// The draws of this master's last write since it took the lease: an equal feed is a
        /// confirmation, written but not announced.
        var sharedDraws: [Draw]?
        /// When this master's last write succeeded (wall clock), since it took the lease.
        var lastWriteMillis: Int64?
        /// The sequence of this master's last write since it took the lease.
        var lastSequence: Int64?
        /// Whether the draw history holds the draws of this master's last write, as far as it knows.
        var historyHoldsSharedDraws = false
        /// The draw history served over HTTP, encoded, and the feed it was encoded for.
        var servedHistory: (draws: [Draw], history: ServedSnapshot.History)?
        /// When a standing-by master checks the snapshot next, after a check that found it fresh
        /// by its remaining TTL; nil: at its next poll.
        var standbyBackstopMillis: Int64?
    }

    /// A master for `config`; `api` should already retry. `probe` (default: `api`) is what a
    /// standing-by master probes the game API with. Its tasks prefer `executor` when given (see
    /// ``executor``).
    package init(
        config: BotConfig, api: any GameAPI, store: any SnapshotStore, poster: DrawPoster, renderer: MessageRenderer,
        wallClock: any WallClock, clock: any Clock<Duration>, logger: Logger, probe: (any GameAPI)? = nil, peers: PeerSnapshotSource? = nil,
        executor: (any TaskExecutor)? = nil
    ) {
        self.executor = executor
        self.standby = ReaderService(
            config: config, store: store, api: api, poster: poster, wallClock: wallClock, clock: clock, logger: logger, peers: peers
        )
        self.token = Self.leaseValue(
            id: "\(UUID().uuidString.prefix(12).lowercased())@\(ProcessInfo.processInfo.hostName)", advertise: config.shared.advertise)
        self.schedule = Mutex(
            PollSchedule(
                pollIntervalMillis: config.upstream.pollInterval.milliseconds, burstMillis: config.upstream.burstInterval.milliseconds,
                freshnessMillis: config.shared.freshness.milliseconds, drawPeriodMillis: config.upstream.drawPeriod?.milliseconds
            )
        )
        self.health = Mutex(LeadershipHealth(handoverAfterMillis: config.handoverAfter.milliseconds))
        self.config = config
        self.api = api
        self.probeAPI = probe ?? api
        self.store = store
        self.poster = poster
        self.renderer = renderer
        self.wallClock = wallClock
        self.clock = clock
        self.logger = logger
    }

    /// The lease value of a master: `id`, then a space and the address it advertises, if any.
    /// The scripts compare the whole value, so the fence stays exact.
    static func leaseValue(id: String, advertise: String?) -> String {
        advertise.map { "\(id) \($0)" } ?? id
    }

    /// Whether this master holds the lease (as far as it knows).
    package var isLeader: Bool { leading.value }

    package func run() async throws {
        logger.info(
            "Master started: polling \(config.upstream.url) every \(DurationText.format(config.upstream.pollInterval)) while it holds the lease")
        try await PreferredExecutor.run(executor) {
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { await self.poster.run() }
                group.addTask { [leading] in await self.standby.followUpdates(while: { !leading.value }) }
                group.addTask { await self.renewLoop() }
                group.addTask { await self.probeLoop() }
                try await runPollLoop(clock: clock, wait: { self.nextPollDelay(after: $0) }) { await self.pollOnce() }
                group.cancelAll()
            }
        }
        if isLeader {
            // In a task of its own, so that a stop that has turned into cancellation still gives
            // the lease up, and says so when it could not.
            let store = store
            let token = token
            switch await Task(operation: { try await store.releaseLease(token: token) }).result {
            case .success:
                logger.info("Gave up the lease")
            case .failure(let error):
                logger.warning(
                    "Could not give up the lease; a standby takes over when it lapses (within \(DurationText.format(config.shared.leaseTTL))): \(error)"
                )
            }
        }
    }

    /// One poll: as the lease holder fetch, share and post; otherwise try to take the lease (unless
    /// it may not lead until a probe succeeds), and stand by as a reader if it does not get it.
    package func pollOnce() async {
        if !isLeader && health.withLock({ $0.mayLead }) {
            do {
                if try await store.acquireLease(token: token, ttl: config.shared.leaseTTL) {
                    setLeader(true, "Took the lease: this master now polls the game API and writes the snapshot")
                }
            } catch is CancellationError {
                return
            } catch {
                // Redis is down: nobody can hold the lease; read or fall back like any reader, now.
                logs.withLock { $0.standbyBackstopMillis = nil }
            }
        }
        if isLeader {
            await lead()
        } else {
            await standBy()
        }
    }

    /// One poll of a master standing by, as a reader's backstop: the snapshot's remaining TTL
    /// alone while it shows the snapshot fresh (the update subscription brings each change), and
    /// only every `max(poll_interval, freshness / 2)` then; otherwise, as before, a full read
    /// (falling back to the game API when it cannot serve) at every poll.
    private func standBy() async {
        let now = wallClock.nowMillis()
        let due = logs.withLock { $0.standbyBackstopMillis.map { now + config.upstream.pollInterval.milliseconds / 2 >= $0 } ?? true }
        guard due else { return }
        let checkedOnly = await standby.backstopOnce() == nil
        let live = max(config.upstream.pollInterval, config.shared.freshness / 2).milliseconds
        logs.withLock { $0.standbyBackstopMillis = checkedOnly ? now + live : nil }
    }

    /// The wait before the next poll, after a poll that took `elapsed`: as the lease holder with
    /// the adaptive schedule, until the moment the schedule aims at (from now); otherwise the poll
    /// interval from the start of the last poll.
    func nextPollDelay(after elapsed: Duration = .zero) -> Duration {
        guard isLeader, config.upstream.schedule == .adaptive else { return config.upstream.pollInterval - elapsed }
        let now = wallClock.nowMillis()
        return .milliseconds(schedule.withLock { $0.nextDelay(nowMillis: now) })
    }

    private func setLeader(_ value: Bool, _ message: String) {
        let changed = leading.set(value)
        if !value { served.withdraw() }
        guard changed else { return }
        logs.withLock {
            $0.sharedDraws = nil
            $0.lastWriteMillis = nil
            $0.lastSequence = nil
            $0.historyHoldsSharedDraws = false
            $0.standbyBackstopMillis = nil
        }
        let now = wallClock.nowMillis()
        let state = health.withLock { health in
            if value { health.tookLease(atMillis: now) } else { health.leftLease() }
            return health
        }
        logger.log(level: value ? .info : .warning, "\(message)")
        poster.monitor.setLeadership(leading: value, health: state)
    }

    /// Probes the game API while this master stands by: every probe interval, or every
    /// `handover_after` while its probes succeed (``LeadershipHealth/probeDelayMillis(interval:)``).
    private func probeLoop() async {
        while !Task.isCancelled {
            let delay = health.withLock { $0.probeDelayMillis(interval: config.probeInterval.milliseconds) }
            do { try await clock.sleep(for: .milliseconds(delay)) } catch { return }
            if !isLeader { await probeOnce() }
        }
    }

    /// One probe of the game API by a standing-by master: records whether it could lead.
    package func probeOnce() async {
        let success: Bool
        do {
            _ = try await probeAPI.fetchDraws()
            success = true
        } catch is CancellationError {
            return
        } catch {
            success = false
            logger.debug("Game API probe failed: \(error)")
        }
        let now = wallClock.nowMillis()
        let (before, after) = health.withLock { health in
            let before = health.mayLead
            health.recordProbe(success: success, atMillis: now)
            return (before, health)
        }
        if success && !before {
            logger.info("Game API probe succeeded: this master may take the lease again")
        } else if !success && before {
            logger.warning("Game API probe failed: this master will not take the lease until a probe succeeds")
        }
        poster.monitor.setLeadership(leading: isLeader, health: after)
    }

    /// Records a poll by the lease holder; gives the lease up when the game API has failed too long.
    private func recordLeadPoll(success: Bool) async {
        let now = wallClock.nowMillis()
        let verdict = health.withLock { $0.recordPoll(success: success, atMillis: now) }
        guard case .handOver(let failing) = verdict else { return }
        // If Redis cannot take the release either, the lease lapses: this master stops renewing it.
        try? await store.releaseLease(token: token)
        setLeader(
            false,
            "Handing the lease over: no valid answer from the game API for \(DurationText.format(.milliseconds(failing))) "
                + "(shared.handover_after \(DurationText.format(config.handoverAfter))); standing by until a probe of the game API succeeds"
        )
    }

    /// After the store said the lease is not this master's (`what` was refused): a lease that
    /// lapsed with nobody else holding it (this process was paused, Redis was slow) is taken back;
    /// one that another master holds is left to it, and this master stands by. Each case says so.
    func leaseRefused(_ what: String) async {
        do {
            if try await store.acquireLease(token: token, ttl: config.shared.leaseTTL) {
                logger.warning("\(what): this master's lease had lapsed and no other master held it; took it back")
            } else {
                setLeader(false, "\(what): another master holds the lease now; standing by")
            }
        } catch is CancellationError {
            return
        } catch {
            setLeader(false, "\(what), and the lease cannot be checked (\(error)); standing by")
        }
    }

    /// Renews the lease every third of its TTL while this master holds it.
    private func renewLoop() async {
        let step = config.shared.leaseTTL / 3
        while !Task.isCancelled {
            do { try await clock.sleep(for: step) } catch { return }
            guard isLeader else { continue }
            do {
                if try await !store.renewLease(token: token, ttl: config.shared.leaseTTL) {
                    await leaseRefused("The lease renewal was refused")
                }
            } catch {
                logger.debug("Could not renew the lease: \(error)")
            }
        }
    }

    /// One poll as the lease holder: fetch, share, post.
    private func lead() async {
        let feed: DrawFeed
        let started = wallClock.nowMillis()
        do {
            feed = try await api.fetchDraws()
            logs.withLock { $0.upstream.report("ok", message: "Game API answered", level: .info, to: logger) }
        } catch is CancellationError {
            return
        } catch {
            let condition = UpstreamError.condition(of: error)
            logs.withLock { $0.upstream.report("failed:\(condition)", message: "Game API failed: \(error)", level: .warning, to: logger) }
            poster.monitor.record(.upstreamFailed(condition))
            await recordLeadPoll(success: false)
            return
        }
        let answered = wallClock.nowMillis()
        let learned = schedule.withLock { schedule -> Int64? in
            let before = schedule.period
            schedule.polled(feed.draws, startedMillis: started, answeredMillis: answered)
            return before == nil ? schedule.period : nil
        }
        if let learned, config.upstream.schedule == .adaptive {
            logger.info("Draw period is about \(learned)ms: learning when each draw appears, to poll once just after it")
        }
        await recordLeadPoll(success: true)
        guard let latest = feed.latest else { return }
        let isNew = latest.issue > (await poster.lastIssue ?? Int64.min)
        await share(feed, latest: latest, isNew: isNew)
        await poster.offer(await standby.history.extend(feed.draws))
    }

    private func share(_ feed: DrawFeed, latest: Draw, isNew: Bool) async {
        let now = wallClock.nowMillis()
        // A confirmation not yet due builds nothing: an idle master's polls stay cheap.
        let (confirmation, inHistory) = logs.withLock { ($0.sharedDraws == feed.draws, $0.historyHoldsSharedDraws) }
        if confirmation && !confirmationDue(nowMillis: now) { return }
        var snapshot = Snapshot(
            timestamp: now, feed: feed,
            processed: .init(
                issueNumber: latest.issue, colors: renderer.colorLabels(of: latest).joined(separator: " "), resultFormat: latest.value,
                gameType: config.gameType, lastUpdate: now
            )
        )
        snapshot.ttlMillis = config.shared.ttl.milliseconds
        snapshot.advertise = config.shared.advertise
        let announce: SnapshotAnnouncement = confirmation ? .silent : .changed(latestIssue: latest.issue)
        let encoded = snapshot.encoded()
        do {
            // A confirmation of draws the history holds sends none: nothing to append, no history read.
            let history = confirmation && inHistory ? [] : feed.draws
            let outcome = try await store.publish(
                snapshot: encoded, legacy: feed.raw, ttl: config.shared.ttl, lease: token, announce: announce, history: history)
            guard let sequence = await written(outcome) else { return }
            noteWrite(
                of: feed.draws, atMillis: now, sequence: sequence, sentHistory: !history.isEmpty, appended: outcome == .written(sequence: sequence))
            served.post(Snapshot.stamped(encoded, sequence: sequence), sequence: sequence, lazyHistory: await servedHistory(feed))
            poster.monitor.record(.masterWrite(failure: nil))
            let recovered = logs.withLock { logs in
                defer { logs.storeFailing = false }
                return logs.storeFailing
            }
            logger.log(
                level: isNew || recovered ? .info : .debug, "Shared data updated to Redis successfully (draw \(latest.issue))",
                metadata: ["draw.issue": "\(latest.issue)"]
            )
        } catch is CancellationError {
            return
        } catch {
            let first = logs.withLock { logs in
                defer { logs.storeFailing = true }
                return !logs.storeFailing
            }
            // Redis is down, not the lease: readers may take this snapshot from this master over HTTP.
            if isLeader { served.postUnshared(encoded, lazyHistory: await servedHistory(feed)) }
            logger.log(level: first ? .warning : .debug, "Failed to update Redis: \(error)")
            poster.monitor.record(.masterWrite(failure: "\(error)"))
        }
    }
}

extension MasterService: CustomStringConvertible {
    /// `MasterService(en)`, for service logs.
    package var description: String { "MasterService(\(poster.locale))" }
}

/// Whether a master holds the lease, shared with the closure that gates its standby's push reads.
final class LeaderFlag: Sendable {
    private let state = Mutex(false)

    var value: Bool { state.withLock { $0 } }

    /// Sets the flag; returns whether it changed.
    func set(_ value: Bool) -> Bool {
        state.withLock { current in
            defer { current = value }
            return current != value
        }
    }
}

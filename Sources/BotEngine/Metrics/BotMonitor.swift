// SPDX-License-Identifier: Apache-2.0
import BotSupport
import Synchronization

/// What one bot has been doing, as its services report it: one call per poll outcome and one per
/// delivery. Answers `/readyz`, counts the summary line and the stats hash, and sets the
/// `redgreen_leader` gauge. Cheap to call: a short lock, no I/O.
package final class BotMonitor: Sendable {
    /// The bot's locale.
    package let locale: String
    /// The bot's role.
    package let role: BotConfig.Role
    /// The bot's metrics, for the services, the poster and the sink workers that report here.
    package let metrics: BotMetrics
    private let wallClock: any WallClock
    private let state: Mutex<State>

    private struct State {
        var health: HealthState
        var counts = SummaryCounts()
        /// A master's leadership, once it has one to report.
        var leadership: (leading: Bool, health: LeadershipHealth)?
    }

    /// A monitor for a bot of `role` in `locale`, ready while its last good poll is at most
    /// `readinessWindow` old; it records into `metrics` (by default, the locale's).
    package init(locale: String, role: BotConfig.Role, readinessWindow: Duration, wallClock: any WallClock, metrics: BotMetrics? = nil) {
        self.locale = locale
        self.role = role
        self.wallClock = wallClock
        self.metrics = metrics ?? BotMetrics(locale: locale)
        self.state = Mutex(State(health: HealthState(window: readinessWindow)))
        self.metrics.prime(role: role)
    }

    /// A monitor for the bot of `config`, with the readiness window of its freshness and poll
    /// interval; it records into `metrics` and reports their locale.
    package convenience init(config: BotConfig, metrics: BotMetrics, wallClock: any WallClock) {
        self.init(
            locale: metrics.locale, role: config.role,
            readinessWindow: HealthState.window(freshness: config.shared.freshness, pollInterval: config.upstream.pollInterval),
            wallClock: wallClock, metrics: metrics
        )
    }

    /// Takes in how a poll ended.
    package func record(_ outcome: PollOutcome) {
        let now = wallClock.nowMillis()
        state.withLock { state in
            state.health.record(outcome, atMillis: now)
            state.counts.record(outcome)
        }
        if case .masterWrite(let failure) = outcome { metrics.leader(failure == nil) }
    }

    /// Takes in one delivery of `issue` to a sink, made (`sent`) or given up on.
    package func recordDelivery(issue: Int64, sent: Bool) {
        state.withLock { $0.counts.recordDelivery(issue: issue, sent: sent) }
    }

    /// Takes in why the bot posts none of the new draws it sees, or nil once it posts them again;
    /// `/readyz` answers not ready with the reason meanwhile.
    package func holdPosting(_ reason: String?) {
        state.withLock { $0.health.holdPosting(reason) }
    }

    /// Takes in that `sink`'s chat is lost (`reason` says why), or nil once it posts again;
    /// `/readyz` answers not ready with the reason meanwhile.
    package func sinkLost(_ sink: String, reason: String?) {
        state.withLock { $0.health.sinkLost(sink, reason: reason) }
    }

    /// Sets the `redgreen_leader` gauge: whether this bot is the master writing the snapshot.
    package func setLeader(_ isLeader: Bool) {
        metrics.leader(isLeader)
    }

    /// Takes in a master's leadership: whether it holds the lease, and what it knows of its reach
    /// of the game API. Sets the `redgreen_leader` and `redgreen_master_can_lead` gauges, and
    /// readiness says it (`…; standby: could lead (game API answered 3s ago)`).
    package func setLeadership(leading: Bool, health: LeadershipHealth) {
        state.withLock { $0.leadership = (leading, health) }
        metrics.leader(leading)
        metrics.canLead(leading || health.canLead)
    }

    /// A master's leadership now, for its shared stats: `leader`, `standby, could lead (…)` or
    /// `standby, cannot lead: …`; nil before it has any (and for a reader).
    package func leadershipText() -> String? {
        let now = wallClock.nowMillis()
        return state.withLock { state in
            state.leadership.map { $0.leading ? "leader" : "standby, \($0.health.standbyText(atMillis: now))" }
        }
    }

    /// Whether the bot is ready now, and why; sets the `redgreen_ready` gauge to match.
    package func readiness() -> Readiness {
        let now = wallClock.nowMillis()
        let verdict = state.withLock { state in
            var verdict = state.health.readiness(atMillis: now)
            if let leadership = state.leadership {
                verdict.reason += leadership.leading ? "; holds the lease" : "; standby: \(leadership.health.standbyText(atMillis: now))"
            }
            return verdict
        }
        metrics.ready(verdict.isReady)
        return verdict
    }

    /// The counts since the last call (or the start), and starts a new interval.
    package func takeSummary() -> SummaryCounts {
        state.withLock { state in
            defer { state.counts = state.counts.nextInterval() }
            return state.counts
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotSupport
/// Decides when a master that cannot reach the game API gives up the lease, and when it may take
/// a lease again: a pure state machine, tested without I/O.
///
/// - As the lease holder, every poll is recorded. When no poll has had a valid response for
///   `handoverAfter` (counted from the last valid response, or from taking the lease if that is
///   later), the verdict is to hand over: give up the lease and stand by.
/// - Standing by, the master probes the game API now and then. A master that handed over, or whose
///   last probe failed, may not take the lease until a probe of its own succeeds, so two masters
///   that both cannot reach the API do not trade the lease back and forth. A master that has not
///   probed yet may take it: a fleet that starts up does not wait for a probe.
package struct LeadershipHealth: Sendable, Equatable {
    /// What the holder should do after a poll.
    package enum Verdict: Sendable, Equatable {
        /// Keep the lease.
        case keep
        /// Give up the lease: no valid response for this long.
        case handOver(failingMillis: Int64)
    }

    /// What this master knows about its own reach of the game API.
    package enum Reach: Sendable, Equatable {
        /// Not probed or polled yet.
        case unknown
        /// The last poll or probe had a valid response, at this wall-clock time.
        case reachable(sinceMillis: Int64)
        /// Polls or probes have failed since this wall-clock time.
        case unreachable(sinceMillis: Int64)
    }

    /// How long the holder may go without a valid response before it hands over.
    package let handoverAfter: Int64
    /// What this master knows about its reach of the game API.
    package private(set) var reach: Reach = .unknown
    /// Whether this master may take the lease: false after it handed over or a probe failed, until
    /// a probe succeeds.
    package private(set) var mayLead = true
    private var lastGood: Int64?
    private var leadingSince: Int64?

    /// A master that has not polled yet; `handoverAfterMillis` as configured (`shared.handover_after`).
    package init(handoverAfterMillis: Int64) {
        self.handoverAfter = handoverAfterMillis
    }

    /// This master took the lease at `now`: it has a full `handoverAfter` before it may hand over.
    package mutating func tookLease(atMillis now: Int64) {
        leadingSince = now
    }

    /// This master no longer holds the lease (lost, refused or given up).
    package mutating func leftLease() {
        leadingSince = nil
    }

    /// Records a poll by the lease holder at `now`; says whether to keep the lease.
    package mutating func recordPoll(success: Bool, atMillis now: Int64) -> Verdict {
        note(success: success, at: now)
        guard !success else { return .keep }
        let since = max(lastGood ?? Int64.min, leadingSince ?? now)
        guard now - since >= handoverAfter else { return .keep }
        mayLead = false
        leadingSince = nil
        return .handOver(failingMillis: now - since)
    }

    /// Records a probe made while standing by, at `now`: a success allows taking the lease again,
    /// a failure forbids it until a later probe succeeds.
    package mutating func recordProbe(success: Bool, atMillis now: Int64) {
        note(success: success, at: now)
        mayLead = success
    }

    private mutating func note(success: Bool, at now: Int64) {
        if success {
            lastGood = now
            if case .reachable = reach {} else { reach = .reachable(sinceMillis: now) }
        } else if case .unreachable = reach {
        } else {
            reach = .unreachable(sinceMillis: now)
        }
    }

    /// How long a standing-by master waits before its next probe of the game API: `handoverAfter`
    /// while its last probe (or poll) succeeded, so that the standby's probes add little to the
    /// game API requests per draw; `interval` (half of it) before the first and after a failure,
    /// so that a standby that could not lead notices the API back soon.
    package func probeDelayMillis(interval: Int64) -> Int64 {
        if case .reachable = reach, mayLead { return max(interval, handoverAfter) }
        return interval
    }

    /// Whether this master could lead now, as far as it knows: it may take the lease and the game
    /// API did not fail last.
    package var canLead: Bool {
        if case .unreachable = reach { return false }
        return mayLead
    }

    /// How a standby master describes its chance to lead at `now`, for readiness and status:
    /// `could lead (game API answered 3s ago)`, `cannot lead: …`, or `could lead (game API not probed yet)`.
    package func standbyText(atMillis now: Int64) -> String {
        switch reach {
        case .unknown:
            return "could lead (game API not probed yet)"
        case .reachable:
            let ago = DurationText.format(.milliseconds(max(0, now - (lastGood ?? now))))
            return "could lead (game API answered \(ago) ago)"
        case .unreachable(let since):
            let failing = DurationText.format(.milliseconds(max(0, now - since)))
            return "cannot lead: the game API has failed for \(failing)"
        }
    }
}

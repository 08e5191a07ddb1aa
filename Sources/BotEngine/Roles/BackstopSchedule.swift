// SPDX-License-Identifier: Apache-2.0
import BotStore
/// When a reader's backstop runs, and whether it reads the snapshot: a pure state machine, tested
/// without I/O.
///
/// Push comes first: while the update subscription is live, masters announce every change, so the
/// backstop only has to notice a snapshot going stale (its master gone). It runs every
/// `max(poll_interval, freshness / 2)` and asks for the snapshot key's remaining TTL alone (one
/// `PTTL`): with the writer's TTL learned from the last read, that gives the snapshot's age on the
/// server's clock, as a read would, and while it is fresh nothing else happens (no read, no
/// decode). While the subscription is down (lost, or not yet subscribed), after a check that
/// failed (the store may be down while the subscription has not noticed yet), or before a read
/// taught it the writer's TTL, every backstop is a full read every `poll_interval`, as without push.
package struct BackstopSchedule: Sendable, Equatable {
    let pollInterval: Int64
    let freshness: Int64
    /// Whether the update subscription is live.
    package private(set) var subscribed = false
    /// The TTL the writer of the last fresh snapshot set (its `ttl_ms`), when known.
    package private(set) var writerTTL: Int64?
    /// Whether the store failed since the last fresh read.
    package private(set) var storeFailing = false

    /// A schedule; durations in milliseconds.
    package init(pollIntervalMillis: Int64, freshnessMillis: Int64) {
        self.pollInterval = pollIntervalMillis
        self.freshness = freshnessMillis
    }

    /// The subscription was made (`true`) or lost (`false`).
    package mutating func subscription(live: Bool) {
        subscribed = live
    }

    /// A read found a fresh snapshot of `ageMillis` whose key had `remainingMillis` left, written
    /// by a master that stamps `ttl_ms` (`stampsTTL`: one of this project's, which also stamp a
    /// sequence); any other read (stale, missing, legacy, corrupt, failed) forgets the TTL, so the
    /// next backstop reads in full.
    package mutating func read(ageMillis: Int64?, remainingMillis: Int64?, stampsTTL: Bool) {
        if ageMillis != nil { storeFailing = false }
        if stampsTTL, let ageMillis, let remainingMillis {
            writerTTL = ageMillis + remainingMillis
        } else {
            writerTTL = nil
        }
    }

    /// A check or a read failed: the store may be down. Until a fresh read, backstops read every
    /// `poll_interval`, so the fallback to the game API is as quick as without push.
    package mutating func failed() {
        storeFailing = true
    }

    /// How long to wait before the next backstop: the live delay only while the backstop may check
    /// the TTL alone. A reader whose last read was not fresh (the snapshot stale, missing, invalid:
    /// its master may be gone) reads every `poll_interval`, so that it falls back to the game API as
    /// soon as without push, subscribed or not.
    package var delayMillis: Int64 {
        checksRemainingOnly ? liveDelayMillis : pollInterval
    }

    /// The wait between backstops while the subscription is live: half the freshness window, at
    /// least the poll interval.
    package var liveDelayMillis: Int64 { max(pollInterval, freshness / 2) }

    /// Whether the next backstop may ask for the remaining TTL alone, rather than read.
    package var checksRemainingOnly: Bool { subscribed && !storeFailing && writerTTL != nil }

    /// The snapshot's age when the snapshot key's `remainingMillis` (nil: missing or without
    /// expiry) shows it still fresh, so the backstop need not read it; nil when it does not.
    package func freshAge(remainingMillis: Int64?) -> Int64? {
        guard let writerTTL, let remainingMillis else { return nil }
        let age = max(0, writerTTL - remainingMillis)
        return age < freshness ? age : nil
    }
}

extension BackstopSchedule {
    /// Learns from what a read of `stored` made of it: the writer's TTL of a fresh primary snapshot
    /// with a sequence (this project's masters stamp `ttl_ms` with it), nothing from any other.
    package mutating func read(_ stored: StoredSnapshot, _ reading: SnapshotReading) {
        if case .fresh = reading { storeFailing = false }
        guard case .primary(_, let remaining) = stored, case .fresh(_, let age, false, let sequence) = reading else {
            read(ageMillis: nil, remainingMillis: nil, stampsTTL: false)
            return
        }
        read(ageMillis: age, remainingMillis: remaining, stampsTTL: sequence != nil)
    }
}

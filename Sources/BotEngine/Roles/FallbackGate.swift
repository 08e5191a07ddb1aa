// SPDX-License-Identifier: Apache-2.0
/// Decides whether a reader may call the game API directly: a pure state machine, tested
/// without I/O.
///
/// - When the snapshot is stale or missing while Redis answers, a standby master is given one
///   lease period to take over before anyone calls the API.
/// - Direct calls are at most one per `minInterval` (the poll interval, with jitter).
/// - After `breakerThreshold` failures in a row the breaker opens for `breakerCooldown`: no
///   calls, so an upstream that keeps failing is not hammered by every reader.
package struct FallbackGate: Sendable, Equatable {
    /// What the reader should do.
    package enum Decision: Sendable, Equatable {
        /// Call the API now.
        case call
        /// Wait: a standby master may take over (milliseconds left of the grace period).
        case graceForStandby(remainingMillis: Int64)
        /// Wait: a direct call was made too recently.
        case rateLimited
        /// Wait: the API failed too often; the breaker is open (milliseconds left).
        case breakerOpen(remainingMillis: Int64)
    }

    let grace: Int64
    let minInterval: Int64
    let breakerThreshold: Int
    let breakerCooldown: Int64
    private var staleSince: Int64?
    private var lastCall: Int64?
    private var failures = 0
    private var openUntil: Int64?

    /// A gate; durations in milliseconds.
    package init(graceMillis: Int64, minIntervalMillis: Int64, breakerThreshold: Int = 3, breakerCooldownMillis: Int64 = 30_000) {
        self.grace = graceMillis
        self.minInterval = minIntervalMillis
        self.breakerThreshold = breakerThreshold
        self.breakerCooldown = breakerCooldownMillis
    }

    /// The store served fresh data: the grace period ends.
    package mutating func storeServed() {
        staleSince = nil
    }

    /// May the reader call the API now? `waitForStandby` is true when Redis answered but had no
    /// fresh snapshot (a standby could fix that); false when Redis is down or the data invalid.
    package mutating func decide(nowMillis now: Int64, waitForStandby: Bool) -> Decision {
        if waitForStandby {
            let since = staleSince ?? now
            staleSince = since
            if now - since < grace { return .graceForStandby(remainingMillis: grace - (now - since)) }
        }
        if let openUntil, now < openUntil { return .breakerOpen(remainingMillis: openUntil - now) }
        if let lastCall, now - lastCall < minInterval { return .rateLimited }
        lastCall = now
        return .call
    }

    /// Records the outcome of a call.
    package mutating func record(success: Bool, nowMillis now: Int64) {
        if success {
            failures = 0
            openUntil = nil
        } else {
            failures += 1
            if failures >= breakerThreshold {
                openUntil = now + breakerCooldown
                failures = 0
            }
        }
    }
}

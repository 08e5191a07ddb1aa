// SPDX-License-Identifier: Apache-2.0
/// How one poll of a bot ended, as its service reports it to the bot's `BotMonitor`: one call per
/// poll, which feeds readiness, the summary line, the stats hash and the leader gauge.
package enum PollOutcome: Sendable, Equatable {
    /// A reader found a fresh snapshot (or legacy key) in Redis.
    case freshRead
    /// A reader's store could not serve (`reason`: `stale`, `missing`, `corrupt`,
    /// `redis_unavailable`) and it asked the game API, which answered (`failure` nil) or failed
    /// (`failure` says how, briefly).
    case fallback(reason: String, failure: String?)
    /// A master wrote its snapshot (`failure` nil), or its write failed.
    case masterWrite(failure: String?)
    /// A master's game API poll failed, retries included; nothing was written.
    case upstreamFailed(String)
}

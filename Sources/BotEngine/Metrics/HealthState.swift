// SPDX-License-Identifier: Apache-2.0
import BotSupport
/// Decides a bot's readiness from its poll outcomes: a plain state machine, tested without I/O.
///
/// A bot is ready while its last good outcome (a fresh snapshot read, a successful master write,
/// or a fallback to the game API that answered) is at most `window` old. Before its first good
/// outcome, and once the last one is older than that, it is not ready, and the reason names the
/// last problem seen. A bot that sees new draws but posts none (`holdPosting`) is not ready either.
package struct HealthState: Sendable, Equatable {
    /// How old the last good outcome may be.
    package let window: Duration
    /// When the last good outcome was, in wall-clock milliseconds.
    package private(set) var lastGoodMillis: Int64?
    /// What the last good outcome was (`fresh snapshot read`).
    package private(set) var lastGoodWhat = ""
    /// The last problem seen since the last good outcome, if any.
    package private(set) var lastProblem: String?
    /// Why the bot sees new draws but posts none, while it does (its game's numbering went back).
    package private(set) var postingHeld: String?
    /// The sinks whose chat is lost, with why.
    package private(set) var lostSinks: [String: String] = [:]

    /// The window of a bot with `freshness` (`shared.freshness`) polling every `pollInterval`:
    /// three freshness windows, or three poll intervals when those are longer, so that a bot
    /// that polls seldom is not unready between two polls.
    package static func window(freshness: Duration, pollInterval: Duration) -> Duration {
        max(freshness * 3, pollInterval * 3)
    }

    /// A bot that has not polled yet.
    package init(window: Duration) {
        self.window = window
    }

    /// Takes in how a poll ended at wall-clock time `millis`.
    package mutating func record(_ outcome: PollOutcome, atMillis millis: Int64) {
        switch outcome {
        case .freshRead:
            good("fresh snapshot read", at: millis)
        case .fallback(let reason, nil):
            good("working fallback to the game API (Redis: \(reason))", at: millis)
        case .fallback(let reason, let failure?):
            lastProblem = "Redis could not serve (\(reason)) and the game API failed (\(failure))"
        case .masterWrite(nil):
            good("master write", at: millis)
        case .masterWrite(let failure?):
            lastProblem = "the snapshot write to Redis failed (\(failure))"
        case .upstreamFailed(let failure):
            lastProblem = "the game API failed (\(failure))"
        }
    }

    /// Takes in why the bot posts none of the new draws it sees (nil: it posts them again). While
    /// set, the bot is not ready, whatever its polls: it is not doing its job, and says why.
    package mutating func holdPosting(_ reason: String?) {
        postingHeld = reason
    }

    /// Takes in that `sink`'s chat is lost (`reason`), or nil once it posts again. While any is,
    /// the bot is not ready: a chat gets none of its posts.
    package mutating func sinkLost(_ sink: String, reason: String?) {
        lostSinks[sink] = reason
    }

    private mutating func good(_ what: String, at millis: Int64) {
        lastGoodMillis = millis
        lastGoodWhat = what
        lastProblem = nil
    }

    /// The verdict at wall-clock time `millis`.
    package func readiness(atMillis millis: Int64) -> Readiness {
        let limit = DurationText.format(window)
        if let postingHeld {
            return Readiness(isReady: false, reason: "not ready: sees new draws but posts none: \(postingHeld)")
        }
        if !lostSinks.isEmpty {
            let sinks = lostSinks.sorted { $0.key < $1.key }.map { "sink \($0.key) stopped sending: \($0.value)" }
            return Readiness(isReady: false, reason: "not ready: " + sinks.joined(separator: "; "))
        }
        let problem = lastProblem.map { "; last problem: \($0)" } ?? ""
        guard let lastGoodMillis else {
            return Readiness(isReady: false, reason: "not ready: no successful poll yet\(problem)")
        }
        let age = max(0, millis - lastGoodMillis)
        guard age <= window.milliseconds else {
            return Readiness(
                isReady: false,
                reason: "not ready: no fresh snapshot read, master write or working fallback in the last \(limit)\(problem)"
            )
        }
        return Readiness(isReady: true, reason: "ready: \(lastGoodWhat) \(DurationText.format(.milliseconds(age))) ago")
    }
}

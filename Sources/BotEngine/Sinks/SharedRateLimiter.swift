// SPDX-License-Identifier: Apache-2.0
import BotStore
import BotSupport
import Logging
import Synchronization

/// Telegram's limits for one bot token, kept in Redis for every process that shares the token
/// (bots of several locales often post with one bot, a channel per language): one Lua script
/// checks every rule's sliding window and records the send in one atomic step, under keys named by
/// a hash of the token (`RedisKeys.rateLimit`), never the token.
///
/// While Redis cannot answer (down, or an ACL without the rate-limit keys), the limits are kept in
/// this process alone, as without Redis (`fallback`); the switch and the way back are each logged once.
///
/// Times are Redis's (`TIME` inside the script), never a process's: one process whose clock runs
/// ahead cannot stamp sends in the future and silence the token for everyone else. A send stamped
/// ahead of Redis's time anyway (by an older bot, which used its own clock) counts as sent now,
/// so it ages out within its window. Only an ACL of an earlier release, without `+time`, makes
/// the script fall back to `wallClock` (and then a send ahead of it still counts as now). A wait
/// is logged once, with the rule that is full, until a send goes out without one.
package final class SharedRateLimiter: Sendable {
    private let windows: RedisRateLimitWindows
    private let tokenHash: String
    private let wallClock: any WallClock
    private let clock: any Clock<Duration>
    private let fallback: @Sendable ([RateLimitRule]) async throws -> Void
    private let logger: Logger
    private let member = Mutex<(prefix: UInt64, count: UInt64)>((.random(in: 0...UInt64.max), 0))
    private let redisDown = Mutex(false)
    private let waiting = Mutex<(reason: String?, aheadReported: Bool)>((nil, false))

    /// A limiter for `token` on `windows` (Redis's); `fallback` keeps the limits in this process while Redis cannot.
    package init(
        windows: RedisRateLimitWindows, token: String, wallClock: any WallClock, clock: any Clock<Duration>, logger: Logger,
        fallback: @escaping @Sendable ([RateLimitRule]) async throws -> Void
    ) {
        self.windows = windows
        self.tokenHash = RedisKeys.tokenHash(token)
        self.wallClock = wallClock
        self.clock = clock
        self.fallback = fallback
        self.logger = logger
    }

    /// Waits until every rule allows one more send across the processes sharing the token, then records it.
    package func acquire(_ rules: [RateLimitRule]) async throws {
        var waited = false
        while true {
            let attempt: Attempt
            do {
                attempt = try await self.attempt(rules)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                unavailable(error)
                return try await fallback(rules)
            }
            available()
            report(attempt, waited: waited)
            guard let wait = attempt.wait else { return }
            waited = true
            try await clock.sleep(for: wait)
        }
    }

    /// Records one send under `rules` now and returns nil, or returns how long to wait when a rule
    /// is full (nothing recorded). Throws when Redis cannot answer.
    package func tryAcquire(_ rules: [RateLimitRule]) async throws -> Duration? {
        try await attempt(rules).wait
    }

    /// What the script answered: the wait (nil: recorded) and the rule that is full. Sends it
    /// found stamped ahead of Redis's time are logged here, the first time.
    struct Attempt {
        var wait: Duration?
        var full: RateLimitRule?
    }

    private func attempt(_ rules: [RateLimitRule]) async throws -> Attempt {
        let name = member.withLock { member in
            member.count += 1
            return "\(String(member.prefix, radix: 36)):\(member.count)"
        }
        let spans = rules.map { RedisRateLimitWindows.Window(rule: $0.key, count: $0.count, length: $0.window) }
        let (wait, full, moved): (Int64, Int64, Int64)
        switch try await windows.record(name, tokenHash: tokenHash, windows: spans, nowMillis: wallClock.nowMillis()) {
        case .answer(let answer): (wait, full, moved) = answer
        case .unexpected(let reply): throw SinkError(.transient, "unexpected answer of the rate-limit script: \(reply)")
        }
        let rule = full >= 1 && full <= rules.count ? rules[Int(full) - 1] : nil
        if moved > 0 && isFirstSendAhead() {
            logger.warning(
                "\(moved) rate-limit entries of bot token \(tokenHash) were stamped ahead of Redis's clock (a process whose clock runs fast?); counted as sent now"
            )
        }
        return Attempt(wait: wait > 0 ? .milliseconds(wait) : nil, full: rule)
    }

    /// Whether sends stamped ahead of Redis's time are seen for the first time (then logged).
    private func isFirstSendAhead() -> Bool {
        waiting.withLock { state in
            defer { state.aheadReported = true }
            return !state.aheadReported
        }
    }

    /// Logs a wait once, with its reason, until a send goes out without one.
    private func report(_ attempt: Attempt, waited: Bool) {
        let reason = attempt.wait == nil ? nil : attempt.full.map { "\($0.key) allows \($0.count) per \(DurationText.format($0.window))" }
        let logWait = waiting.withLock { state -> Bool in
            if let reason {
                defer { state.reason = reason }
                return state.reason != reason
            }
            if !waited { state.reason = nil }
            return false
        }
        if logWait, let reason, let wait = attempt.wait {
            logger.info(
                "Posts with bot token \(tokenHash) wait (\(DurationText.format(wait)) now): its limit \(reason) is full across the processes sharing it; logged once until a post goes out without waiting"
            )
        }
    }

    private func unavailable(_ error: any Error) {
        let first = redisDown.withLock { down in
            defer { down = true }
            return !down
        }
        if first {
            logger.warning(
                "Redis cannot keep the rate limits shared by bot token \(tokenHash) (\(error)); keeping them in this process until it can"
            )
        }
    }

    private func available() {
        let was = redisDown.withLock { down in
            defer { down = false }
            return down
        }
        if was { logger.info("Redis keeps the rate limits shared by bot token \(tokenHash) again") }
    }
}

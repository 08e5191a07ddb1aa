// SPDX-License-Identifier: Apache-2.0
/// Exponential backoff with full jitter, bounded in attempts.
package struct RetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included.
    package var maxAttempts = 5
    /// The delay before the second attempt, before jitter.
    package var baseDelay: Duration = .milliseconds(500)
    /// The largest delay before jitter.
    package var maxDelay: Duration = .seconds(8)

    /// Defaults: 5 attempts, 500 ms doubling up to 8 s.
    package init(maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(8)) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The delay after failed attempt `attempt` (1-based): `min(max, base * 2^(attempt-1))`,
    /// scaled by `jitter` in 0...1 and never below half of it, so retries of many bots spread out.
    package func delay(afterAttempt attempt: Int, jitter: Double) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let ceiling = min(maxDelay, baseDelay * (1 << exponent))
        let factor = 0.5 + 0.5 * min(max(jitter, 0), 1)
        return ceiling * factor
    }
}

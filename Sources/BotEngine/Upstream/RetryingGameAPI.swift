// SPDX-License-Identifier: Apache-2.0
import BotSupport
import Logging
import Synchronization

/// Retries a game API with exponential backoff and jitter, at most `policy.maxAttempts` times.
/// Every failure is retried: timeouts, network errors, bad statuses and invalid bodies alike,
/// since a game API that answers garbage once often answers well a moment later.
///
/// A failed attempt is logged at info when its failure (`UpstreamError.condition`) differs from
/// the last one logged, and at debug while the same failure repeats (a response that does not
/// match the mapping fails the same way on every poll).
package struct RetryingGameAPI: GameAPI {
    /// The API retried.
    package let base: any GameAPI
    /// The retry bounds.
    package let policy: RetryPolicy
    private let clock: any Clock<Duration>
    private let logger: Logger
    private let jitter: @Sendable () -> Double
    private let lastLogged = LastLoggedFailure()

    /// Wraps `base`; `jitter` returns a number in 0...1 (random by default, fixed in tests).
    package init(
        _ base: any GameAPI, policy: RetryPolicy, clock: any Clock<Duration> = ContinuousClock(), logger: Logger,
        jitter: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }
    ) {
        self.base = base
        self.policy = policy
        self.clock = clock
        self.logger = logger
        self.jitter = jitter
    }

    package func fetchDraws() async throws -> DrawFeed {
        var attempt = 1
        while true {
            do {
                let feed = try await base.fetchDraws()
                lastLogged.forget()
                return feed
            } catch let error as UpstreamError {
                guard attempt < policy.maxAttempts else {
                    throw UpstreamError(
                        error.code, "\(error.message) (gave up after \(attempt) attempts)", status: error.status, configKey: error.configKey
                    )
                }
                let delay = policy.delay(afterAttempt: attempt, jitter: jitter())
                logger.log(
                    level: lastLogged.isNew(error.condition) ? .info : .debug,
                    "Game API attempt \(attempt) of \(policy.maxAttempts) failed, retrying in \(DurationText.format(delay)): \(error.message)",
                    metadata: ["upstream.attempt": "\(attempt)"]
                )
                try await clock.sleep(for: delay)
                attempt += 1
            }
        }
    }
}

/// The failure condition a `RetryingGameAPI` last logged at info.
private final class LastLoggedFailure: Sendable {
    private let last = Mutex<String?>(nil)

    /// Whether `condition` differs from the last one; remembers it.
    func isNew(_ condition: String) -> Bool {
        last.withLock { last in
            defer { last = condition }
            return last != condition
        }
    }

    /// Forgets the last failure, after a success.
    func forget() { last.withLock { $0 = nil } }
}

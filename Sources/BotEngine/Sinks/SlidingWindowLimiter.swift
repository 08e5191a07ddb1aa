// SPDX-License-Identifier: Apache-2.0
/// Waits as long as needed so that no key sees more than its limit of events in its window,
/// like Telegram's limits: 1 message a second per chat, 20 a minute per group or channel, 30 a
/// second per bot. Time comes from the injected clock, so tests run in virtual time.
package actor SlidingWindowLimiter<C: Clock> where C.Duration == Duration {
    private let clock: C
    private var history: [String: [C.Instant]] = [:]

    /// A limiter on `clock`.
    package init(clock: C) { self.clock = clock }

    /// Waits until every rule allows one more event, then records it.
    package func acquire(_ rules: [RateLimitRule]) async throws {
        while true {
            let now = clock.now
            var wait = Duration.zero
            for rule in rules {
                var events = history[rule.key, default: []]
                events.removeAll { $0.advanced(by: rule.window) <= now }
                history[rule.key] = events
                if events.count >= rule.count, let oldest = events.first {
                    wait = max(wait, now.duration(to: oldest.advanced(by: rule.window)))
                }
            }
            if wait <= .zero {
                for rule in rules { history[rule.key, default: []].append(now) }
                return
            }
            try await clock.sleep(until: now.advanced(by: wait), tolerance: nil)
        }
    }
}

/// A limit: at most `count` events per `window` for `key`.
package struct RateLimitRule: Sendable, Hashable {
    /// What is limited (`chat:@x`, `bot`).
    package var key: String
    /// Events allowed in a window.
    package var count: Int
    /// The window.
    package var window: Duration

    /// Creates a rule.
    package init(key: String, count: Int, window: Duration) {
        self.key = key
        self.count = count
        self.window = window
    }
}

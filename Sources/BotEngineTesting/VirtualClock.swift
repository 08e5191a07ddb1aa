// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// A `Clock` in virtual time: `sleep` returns at once, moving the clock forward, and is recorded,
/// so backoff and poll schedules are tested without waiting.
package final class VirtualClock: Clock, Sendable {
    package struct Instant: InstantProtocol, Sendable {
        package var offset: Duration
        package func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        package func duration(to other: Instant) -> Duration { other.offset - offset }
        package static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private let state = Mutex<(now: Instant, sleeps: [Duration])>((Instant(offset: .zero), []))
    private let hook = Mutex<(@Sendable (Duration) -> Void)?>(nil)

    /// A clock at zero.
    package init() {}

    package var now: Instant { state.withLock { $0.now } }
    package var minimumResolution: Duration { .nanoseconds(1) }

    package func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        if let hook = hook.withLock({ $0 }) { hook(max(.zero, now.duration(to: deadline))) }
        state.withLock { state in
            state.sleeps.append(max(.zero, state.now.duration(to: deadline)))
            if deadline > state.now { state.now = deadline }
        }
        await Task.yield()
    }

    /// Every sleep asked for, in order.
    package var sleeps: [Duration] { state.withLock { $0.sleeps } }

    /// Calls `body` with each sleep's duration when the sleep begins: a test looks at what holds
    /// while the code under test waits.
    package func onSleep(_ body: @escaping @Sendable (Duration) -> Void) {
        hook.withLock { $0 = body }
    }
}

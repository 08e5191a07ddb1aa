// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// A `Clock` in virtual time: `sleep` returns at once, moving the clock forward, and is recorded,
/// so backoff and poll schedules are tested without waiting.
public final class VirtualClock: Clock, Sendable {
    public struct Instant: InstantProtocol, Sendable {
        public var offset: Duration
        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        public func duration(to other: Instant) -> Duration { other.offset - offset }
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private let state = Mutex<(now: Instant, sleeps: [Duration])>((Instant(offset: .zero), []))
    private let hook = Mutex<(@Sendable (Duration) -> Void)?>(nil)

    /// A clock at zero.
    public init() {}

    public var now: Instant { state.withLock { $0.now } }
    public var minimumResolution: Duration { .nanoseconds(1) }

    public func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        if let hook = hook.withLock({ $0 }) { hook(max(.zero, now.duration(to: deadline))) }
        state.withLock { state in
            state.sleeps.append(max(.zero, state.now.duration(to: deadline)))
            if deadline > state.now { state.now = deadline }
        }
        await Task.yield()
    }

    /// Every sleep asked for, in order.
    public var sleeps: [Duration] { state.withLock { $0.sleeps } }

    /// Calls `body` with each sleep's duration when the sleep begins: a test looks at what holds
    /// while the code under test waits.
    public func onSleep(_ body: @escaping @Sendable (Duration) -> Void) {
        hook.withLock { $0 = body }
    }
}

// SPDX-License-Identifier: Apache-2.0

/// The continuous clock, whose sleeps a ``BlockingExecutor``'s thread serves: for the loops of
/// tasks that prefer that executor, so that their timers wake no other thread.
package struct ExecutorClock: Clock {
    package typealias Instant = ContinuousClock.Instant

    private let executor: BlockingExecutor

    /// A clock whose sleeps `executor`'s thread serves.
    package init(_ executor: BlockingExecutor) {
        self.executor = executor
    }

    /// The continuous clock's now.
    package var now: Instant { ContinuousClock.now }

    /// The continuous clock's resolution.
    package var minimumResolution: Duration { ContinuousClock().minimumResolution }

    /// Returns once `deadline` has passed (see ``BlockingExecutor/sleep(until:)``).
    package func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        try await executor.sleep(until: deadline)
    }
}

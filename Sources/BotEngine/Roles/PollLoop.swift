// SPDX-License-Identifier: Apache-2.0
import Logging
import ServiceLifecycle

/// Runs `body` every `interval`, measured from the start of each run, until graceful shutdown
/// or cancellation; then returns normally so the service group ends with status 0.
func runPollLoop(interval: Duration, clock: any Clock<Duration>, _ body: @escaping @Sendable () async -> Void) async throws {
    try await runPollLoop(clock: clock, next: { interval }, body)
}

/// Runs `body`, then waits `next()` (less the time `body` took), until graceful shutdown or
/// cancellation; then returns normally so the service group ends with status 0.
func runPollLoop(
    clock: any Clock<Duration>, next: @escaping @Sendable () -> Duration, _ body: @escaping @Sendable () async -> Void
) async throws {
    try await runPollLoop(clock: clock, wait: { elapsed in next() - elapsed }, body)
}

/// Runs `body`, then waits `wait(elapsed)` (given the time `body` took), until graceful shutdown
/// or cancellation; then returns normally so the service group ends with status 0. A schedule
/// that aims at a moment (the master's) asks for the wait from the end of `body`.
func runPollLoop(
    clock: any Clock<Duration>, wait: @escaping @Sendable (Duration) -> Duration, _ body: @escaping @Sendable () async -> Void
) async throws {
    do {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let elapsed = await clock.measure { await body() }
                try await clock.sleep(for: max(.zero, wait(elapsed)))
            }
        }
    } catch is CancellationError {
        return
    }
}

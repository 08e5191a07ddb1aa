// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// Runs blocking work (a C call that waits on a socket) on one dedicated thread of its own, never
/// on Swift's cooperative thread pool.
///
/// Work runs one item at a time, in submission order, so a non-thread-safe C handle that is only
/// touched from inside `run` needs no further locking. When the awaiting task is cancelled, the
/// `onCancel` hook runs (use it to interrupt the C call) and `run` throws `CancellationError` at
/// once; the work item itself finishes on the thread and its result is dropped.
///
/// The executor is also a `TaskExecutor`: a task that prefers it
/// (`withTaskExecutorPreference`) runs its async code on the same thread, and its calls to `run`
/// then execute there at once, without a hop to another thread and back (two thread wake-ups
/// saved per call). Such a call blocks the thread, and so the preferring tasks, for as long as the
/// work takes; `onCancel` still interrupts it. Code that must not wait behind blocking work should
/// not prefer this executor.
public final class BlockingExecutor: TaskExecutor, Sendable {
    private let thread: ExecutorThread

    /// Creates an executor on a thread of its own (started, or one left idle by an executor that is
    /// gone); `label` names the thread (its first 15 bytes).
    public init(label: String) {
        self.thread = ExecutorThread.take(label: label)
    }

    deinit {
        thread.release()
    }

    /// Runs `body` on the executor's thread and returns its result.
    public func run<T: Sendable>(
        onCancel: @escaping @Sendable () -> Void = {},
        _ body: @escaping @Sendable () throws -> T
    ) async throws -> T {
        if thread.mayRunInline() {
            return try await runInline(onCancel: onCancel, body)
        }
        let once = ResumeOnce<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                once.attach(continuation)
                self.thread.submit(
                    .work {
                        if once.isFinished { return }
                        once.finish(Result { try body() })
                    })
            }
        } onCancel: {
            onCancel()
            once.finish(.failure(CancellationError()))
        }
    }

    /// `body` on the calling thread, which is this executor's own with no work queued before it.
    private func runInline<T: Sendable>(
        onCancel: @escaping @Sendable () -> Void, _ body: @escaping @Sendable () throws -> T
    ) async throws -> T {
        try await withTaskCancellationHandler {
            try Task.checkCancellation()
            let result = Result { try body() }
            // A cancellation that came while `body` ran drops its result, as on the queued path.
            try Task.checkCancellation()
            return try result.get()
        } onCancel: {
            onCancel()
        }
    }

    /// Returns once `deadline` has passed, woken by the executor's own thread: a task that prefers
    /// the executor sleeps and wakes without another thread (Swift's own sleeps wake a libdispatch
    /// worker, which is started anew when the last one ended idle). Throws `CancellationError` at
    /// once when the task is cancelled.
    package func sleep(until deadline: ContinuousClock.Instant) async throws {
        _ = try await watched(descriptor: nil, until: deadline)
    }

    /// Returns `true` once `descriptor` can be read (or has hung up or failed: the read that
    /// follows says so), `false` once `wait` has passed first. The executor's thread watches it
    /// while it sleeps, so a task that prefers the executor goes on with the data on the same thread,
    /// and other work meanwhile runs as usual. Throws `CancellationError` at once when the task is
    /// cancelled. The caller keeps `descriptor` open until this returns.
    package func waitReadable(_ descriptor: Int32, upTo wait: Duration) async throws -> Bool {
        try await watched(descriptor: descriptor, until: .now + wait)
    }

    /// Whether `descriptor` (none: a timer) could be read before `deadline` passed, as the thread
    /// watches it; a cancellation throws at once and the watch is forgotten.
    private func watched(descriptor: Int32?, until deadline: ContinuousClock.Instant) async throws -> Bool {
        let once = ResumeOnce<Bool>()
        let number = Mutex<Int?>(nil)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Bool, any Error>) in
                once.attach(continuation)
                let watch = ExecutorThread.Watch(descriptor: descriptor, deadline: deadline) { once.finish(.success($0)) }
                number.withLock { number in
                    // Cancelled before it was watched: nothing to watch.
                    if !once.isFinished { number = self.thread.watch(watch) }
                }
            }
        } onCancel: {
            // Finished first: a watch not yet made will not be made; one made already is forgotten.
            once.finish(.failure(CancellationError()))
            number.withLock { number in
                if let watched = number { self.thread.unwatch(watched) }
                number = nil
            }
        }
    }

    /// Runs `job` (a task that prefers this executor) on the executor's thread.
    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        thread.submit(.job { job.runSynchronously(on: executor) })
    }
}

/// Resumes a continuation exactly once, whichever of the work and a cancellation comes first.
final class ResumeOnce<T: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<T, any Error>?
        var early: Result<T, any Error>?
        var finished = false
    }

    private let state = Mutex(State())

    var isFinished: Bool { state.withLock { $0.finished } }

    func attach(_ continuation: CheckedContinuation<T, any Error>) {
        let early: Result<T, any Error>? = state.withLock { state in
            if let early = state.early {
                state.early = nil
                return early
            }
            state.continuation = continuation
            return nil
        }
        if let early { continuation.resume(with: early) }
    }

    func finish(_ result: Result<T, any Error>) {
        let continuation: CheckedContinuation<T, any Error>? = state.withLock { state in
            if state.finished { return nil }
            state.finished = true
            if let continuation = state.continuation {
                state.continuation = nil
                return continuation
            }
            state.early = result
            return nil
        }
        continuation?.resume(with: result)
    }
}

// SPDX-License-Identifier: Apache-2.0
import Dispatch
import Synchronization

/// Runs blocking work (a C call that waits on a socket) on one dedicated serial queue, never on
/// Swift's cooperative thread pool.
///
/// Work runs in submission order, one item at a time, so a non-thread-safe C handle that is only
/// touched from inside `run` needs no further locking. When the awaiting task is cancelled, the
/// `onCancel` hook runs (use it to interrupt the C call) and `run` throws `CancellationError` at
/// once; the work item itself finishes on the queue and its result is dropped.
public final class BlockingExecutor: Sendable {
    private let queue: DispatchQueue

    /// Creates an executor with its own serial queue; `label` names its thread in debuggers.
    public init(label: String) {
        self.queue = DispatchQueue(label: label)
    }

    /// Runs `body` on the executor's queue and returns its result.
    public func run<T: Sendable>(
        onCancel: @escaping @Sendable () -> Void = {},
        _ body: @escaping @Sendable () throws -> T
    ) async throws -> T {
        let once = ResumeOnce<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                once.attach(continuation)
                self.queue.async {
                    if once.isFinished { return }
                    once.finish(Result { try body() })
                }
            }
        } onCancel: {
            onCancel()
            once.finish(.failure(CancellationError()))
        }
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

// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// Identifies one command (or pipeline) from submission to completion so a cancellation can
/// interrupt that command and no other one sharing the connection.
final class OperationToken: Sendable {
    private let cancelled = Atomic<Bool>(false)

    /// Whether the awaiting task was cancelled.
    var isCancelled: Bool { cancelled.load(ordering: .acquiring) }

    /// Records that the awaiting task was cancelled.
    func markCancelled() { cancelled.store(true, ordering: .releasing) }
}

// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// A one-way, thread-safe "stop this transfer" flag shared by one request's cancellation
/// handler (any thread) and its curl callbacks (the executor's queue).
package final class AbortFlag: Sendable {
    private let raised = Atomic<Bool>(false)

    /// A flag not raised.
    package init() {}

    /// Asks the transfer to stop at its next callback.
    package func raise() {
        raised.store(true, ordering: .releasing)
    }

    /// Whether ``raise()`` has been called.
    package var isRaised: Bool {
        raised.load(ordering: .acquiring)
    }
}

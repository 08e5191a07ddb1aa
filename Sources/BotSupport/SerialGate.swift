// SPDX-License-Identifier: Apache-2.0
/// Runs async bodies one at a time, in arrival order (an async mutex): a reader polled by its
/// loop and by push notifications at once reads and posts one poll after the other.
package actor SerialGate {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// An open gate.
    package init() {}

    package func run<T: Sendable>(_ body: @Sendable () async -> T) async -> T {
        if busy {
            await withCheckedContinuation { waiters.append($0) }
        } else {
            busy = true
        }
        defer {
            if waiters.isEmpty {
                busy = false
            } else {
                waiters.removeFirst().resume()
            }
        }
        return await body()
    }
}

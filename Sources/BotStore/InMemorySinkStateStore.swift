// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// Sink state in process memory: kept for the run only (a bot without Redis, the demo, tests).
package final class InMemorySinkStateStore: SinkStateStore {
    private let values = Mutex<[SinkStateKey: String]>([:])
    private let invalid = Mutex<[Int64: Int]>([:])

    /// An empty store.
    package init() {}

    package func value(of key: SinkStateKey) async throws -> String? {
        values.withLock { $0[key] }
    }

    package func setValue(_ value: String, for key: SinkStateKey) async throws {
        values.withLock { $0[key] = value }
    }

    /// Counted for the run, in this process.
    package func countInvalidRequest(window: Int64, ttl: Duration) async throws -> Int {
        invalid.withLock { counts in
            counts[window, default: 0] += 1
            return counts[window]!
        }
    }
}

import Synchronization

/// Sink state in process memory: kept for the run only (a bot without Redis, the demo, tests).
public final class InMemorySinkStateStore: SinkStateStore {
    private let values = Mutex<[SinkStateKey: String]>([:])

    /// An empty store.
    public init() {}

    public func value(of key: SinkStateKey) async throws -> String? {
        values.withLock { $0[key] }
    }

    public func setValue(_ value: String, for key: SinkStateKey) async throws {
        values.withLock { $0[key] = value }
    }
}

import Synchronization

/// A delivery ledger in process memory: exactly once within a run (the demo, fast tests).
public final class InMemoryDeliveryLedger: DeliveryLedger {
    private struct State {
        var entries: [LedgerKey: Bool] = [:]  // true: sent, false: claimed
        var done: [String: Int64] = [:]
    }

    private let state = Mutex(State())

    /// An empty ledger.
    public init() {}

    public func claim(_ key: LedgerKey, ttl: Duration) async throws -> ClaimOutcome {
        state.withLock { state in
            switch state.entries[key] {
            case true?: return .alreadySent
            case false?: return .heldElsewhere
            case nil:
                state.entries[key] = false
                return .claimed
            }
        }
    }

    public func markSent(_ key: LedgerKey, retention: Duration) async throws {
        state.withLock { state in
            state.entries[key] = true
            state.done["\(key.locale)/\(key.sink)"] = max(state.done["\(key.locale)/\(key.sink)"] ?? Int64.min, key.issue)
        }
    }

    public func release(_ key: LedgerKey, retention: Duration) async throws {
        state.withLock { state in
            state.entries[key] = nil
            state.done["\(key.locale)/\(key.sink)"] = max(state.done["\(key.locale)/\(key.sink)"] ?? Int64.min, key.issue)
        }
    }

    public func abandon(_ key: LedgerKey) async throws {
        state.withLock { state in
            if state.entries[key] == false { state.entries[key] = nil }
        }
    }

    public func rewind(locale: String, sinks: [String], to issue: Int64, retention: Duration) async throws {
        state.withLock { state in
            for sink in sinks { state.done["\(locale)/\(sink)"] = issue }
        }
    }

    public func resumePoint(locale: String, sinks: [String]) async throws -> Int64? {
        state.withLock { state in
            var points: [Int64] = []
            for sink in sinks {
                guard let done = state.done["\(locale)/\(sink)"] else { return nil }
                points.append(done)
            }
            return points.min()
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// A delivery ledger in process memory: exactly once within a run (the demo, fast tests), on the
/// same contract as the Redis one (claims naming their owner, the recent sent issues trimmed to
/// `DeliveryLedgerLimits.keptSent` per locale and sink).
package final class InMemoryDeliveryLedger: DeliveryLedger {
    private struct State {
        /// Claims in flight, with their owner (nil: a claim that names none).
        var claims: [LedgerKey: ClaimOwner?] = [:]
        /// Each locale's sink's sent issues, oldest first, at most `keptSent`.
        var sent: [String: [Int64]] = [:]
        var done: [String: Int64] = [:]
    }

    private let state = Mutex(State())

    /// An empty ledger.
    package init() {}

    private static func sink(_ key: LedgerKey) -> String { "\(key.locale)/\(key.sink)" }

    /// How many sent issues the ledger keeps for `locale`'s `sink`.
    package func keptSentCount(locale: String, sink: String) -> Int {
        state.withLock { $0.sent["\(locale)/\(sink)"]?.count ?? 0 }
    }

    /// Whether a claim on `key` is held now.
    package func isClaimed(_ key: LedgerKey) -> Bool {
        state.withLock { $0.claims[key] != nil }
    }

    /// Leaves a claim on `key` held by `owner` (nil: one of the earlier design, naming no owner), as
    /// a process that died holding it does.
    package func plantClaim(_ key: LedgerKey, owner: ClaimOwner?) {
        state.withLock { $0.claims[key] = .some(owner) }
    }

    package func claim(_ key: LedgerKey, ttl: Duration, owner: ClaimOwner) async throws -> ClaimOutcome {
        state.withLock { state in
            if state.sent[Self.sink(key)]?.contains(key.issue) == true { return .alreadySent }
            if let holder = state.claims[key] { return .heldElsewhere(by: holder) }
            state.claims[key] = .some(owner)
            return .claimed
        }
    }

    package func takeOver(_ key: LedgerKey, from holder: ClaimOwner, ttl: Duration, owner: ClaimOwner) async throws -> ClaimOutcome {
        state.withLock { state in
            if state.sent[Self.sink(key)]?.contains(key.issue) == true { return .alreadySent }
            switch state.claims[key] {
            case .some(let current) where current != holder:
                return .heldElsewhere(by: current)
            default:  // still the holder's, or dropped meanwhile
                state.claims[key] = .some(owner)
                return .claimed
            }
        }
    }

    package func markSent(_ key: LedgerKey, retention: Duration) async throws {
        state.withLock { state in
            state.claims[key] = nil
            var sent = state.sent[Self.sink(key), default: []]
            if !sent.contains(key.issue) { sent.append(key.issue) }
            state.sent[Self.sink(key)] = Array(sent.suffix(DeliveryLedgerLimits.keptSent))
            state.done[Self.sink(key)] = max(state.done[Self.sink(key)] ?? Int64.min, key.issue)
        }
    }

    package func release(_ key: LedgerKey, retention: Duration) async throws {
        state.withLock { state in
            state.claims[key] = nil
            state.done[Self.sink(key)] = max(state.done[Self.sink(key)] ?? Int64.min, key.issue)
        }
    }

    package func abandon(_ key: LedgerKey) async throws {
        _ = state.withLock { $0.claims.removeValue(forKey: key) }
    }

    package func rewind(locale: String, sinks: [String], to issue: Int64, retention: Duration) async throws {
        state.withLock { state in
            for sink in sinks { state.done["\(locale)/\(sink)"] = issue }
        }
    }

    package func resumePoint(locale: String, sinks: [String]) async throws -> Int64? {
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

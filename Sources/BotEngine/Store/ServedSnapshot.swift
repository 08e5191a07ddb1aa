// SPDX-License-Identifier: Apache-2.0
import BotStore
import Synchronization

/// The lease holder's latest snapshot, as it serves it to readers over HTTP (`GET /snapshot`)
/// so that they need not call the game API while Redis is down.
///
/// The master posts every snapshot it writes here: the bytes it wrote to Redis, stamped with the
/// sequence Redis gave them, or, when Redis could not take the write, stamped with the next
/// sequence of its own. Giving up the lease withdraws it. Readers wait for a newer snapshot
/// (``next(after:wait:)``, a long poll) in a bounded number at once.
package final class ServedSnapshot: Sendable {
    /// One snapshot as served: its bytes and its sequence (the HTTP `ETag`).
    package struct Entry: Sendable, Equatable {
        /// The snapshot JSON, as written to Redis.
        package let bytes: [UInt8]
        /// Its sequence number.
        package let sequence: Int64
        private let lazyHistory: History?

        /// The recent draw history (an encoded `SnapshotDraws` list), served with the snapshot;
        /// nil: none.
        package var history: [UInt8]? { lazyHistory?.encoded }

        /// An entry.
        package init(bytes: [UInt8], sequence: Int64, history: [UInt8]? = nil) {
            self.init(bytes: bytes, sequence: sequence, lazyHistory: history.map(History.init(encoded:)))
        }

        init(bytes: [UInt8], sequence: Int64, lazyHistory: History?) {
            self.bytes = bytes
            self.sequence = sequence
            self.lazyHistory = lazyHistory
        }

        package static func == (lhs: Entry, rhs: Entry) -> Bool {
            lhs.bytes == rhs.bytes && lhs.sequence == rhs.sequence && lhs.history == rhs.history
        }

        /// What `GET /snapshot` answers: `bytes`, with the `history` field added when there is one
        /// (`Snapshot.historyField`).
        package var served: [UInt8] { Snapshot.withHistory(bytes, history) }
    }

    /// A draw history served with the snapshots, encoded when first served (readers ask for it
    /// only while Redis is down), not at every write.
    package final class History: Sendable {
        private let encode: @Sendable () -> [UInt8]
        private let bytes = Mutex<[UInt8]?>(nil)

        /// A history encoded already.
        package init(encoded: [UInt8]) {
            encode = { encoded }
        }

        /// A history that `encode` encodes, once, when first asked for.
        package init(_ encode: @escaping @Sendable () -> [UInt8]) {
            self.encode = encode
        }

        /// The encoded history.
        package var encoded: [UInt8] {
            bytes.withLock { bytes in
                if let bytes { return bytes }
                let encoded = encode()
                bytes = encoded
                return encoded
            }
        }
    }

    /// What a reader asking for a newer snapshot gets.
    package enum Answer: Sendable, Equatable {
        /// A snapshot newer than (or other than) the one the reader has.
        case snapshot(Entry)
        /// Nothing newer within the wait: the reader has the latest, of this sequence.
        case unchanged(sequence: Int64)
        /// This bot does not hold the lease: it has no snapshot to serve.
        case notHolder
        /// As many readers as allowed are waiting already; ask again later.
        case tooManyWaiting
    }

    private struct State {
        var latest: Entry?
        var highest: Int64 = 0
        var generation: UInt64 = 0
        var waiting = 0
        var nextID: UInt64 = 0
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var cancelled: Set<UInt64> = []
        var stopped = false
    }

    private let state = Mutex(State())
    /// The most readers waiting at once; more get ``Answer/tooManyWaiting`` at once.
    package let maxWaiters: Int

    /// Nothing served yet; at most `maxWaiters` long polls wait at once.
    package init(maxWaiters: Int = 16) {
        self.maxWaiters = maxWaiters
    }

    /// The snapshot served now; nil when this bot does not hold the lease.
    package var current: Entry? { state.withLock { $0.latest } }

    /// How many readers are waiting for a newer snapshot.
    package var waitingCount: Int { state.withLock { $0.waiting } }

    /// Serves `bytes`, written to Redis with `sequence` (and `history`, the recent draws), and
    /// wakes every waiting reader.
    package func post(_ bytes: [UInt8], sequence: Int64, history: [UInt8]? = nil) {
        post(bytes, sequence: sequence, lazyHistory: history.map(History.init(encoded:)))
    }

    /// Serves `bytes`, written to Redis with `sequence`, with `history` encoded when first served.
    package func post(_ bytes: [UInt8], sequence: Int64, lazyHistory history: History?) {
        change { state in
            state.latest = Entry(bytes: bytes, sequence: sequence, lazyHistory: history)
            state.highest = max(state.highest, sequence)
        }
    }

    /// Serves encoded snapshot `bytes` that Redis could not take, stamped with the next sequence of
    /// this holder's own; returns it.
    @discardableResult
    package func postUnshared(_ encoded: [UInt8], history: [UInt8]? = nil) -> Int64 {
        postUnshared(encoded, lazyHistory: history.map(History.init(encoded:)))
    }

    /// As ``postUnshared(_:history:)``, with `history` encoded when first served.
    @discardableResult
    package func postUnshared(_ encoded: [UInt8], lazyHistory history: History?) -> Int64 {
        var sequence: Int64 = 0
        change { state in
            sequence = state.highest &+ 1
            state.highest = sequence
            state.latest = Entry(bytes: Snapshot.stamped(encoded, sequence: sequence), sequence: sequence, lazyHistory: history)
        }
        return sequence
    }

    /// Answers every waiting reader now, and any later one without waiting: the server is
    /// stopping, and a long poll must not hold its graceful shutdown up.
    package func stopWaiting() {
        change { $0.stopped = true }
    }

    /// Stops serving (the lease is no longer this bot's); waiting readers are told at once.
    package func withdraw() {
        change { $0.latest = nil }
    }

    /// The latest snapshot when its sequence is not `known`; otherwise waits up to `wait` for a
    /// newer one (or for the lease to go), then answers what there is.
    package func next(after known: Int64?, wait: Duration) async -> Answer {
        let (answer, generation, stopped) = state.withLock { state in (Self.answer(state, known: known), state.generation, state.stopped) }
        guard case .unchanged = answer, wait > .zero, !stopped else { return answer }
        let admitted = state.withLock { state -> Bool in
            guard state.waiting < maxWaiters else { return false }
            state.waiting += 1
            return true
        }
        guard admitted else { return .tooManyWaiting }
        defer { state.withLock { $0.waiting -= 1 } }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.changed(since: generation) }
            group.addTask { try? await Task.sleep(for: wait) }
            await group.next()
            group.cancelAll()
        }
        return state.withLock { Self.answer($0, known: known) }
    }

    private static func answer(_ state: State, known: Int64?) -> Answer {
        guard let latest = state.latest else { return .notHolder }
        return latest.sequence == known ? .unchanged(sequence: latest.sequence) : .snapshot(latest)
    }

    private func change(_ body: (inout State) -> Void) {
        let woken = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            body(&state)
            state.generation &+= 1
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in woken { waiter.resume() }
    }

    /// Returns when the served snapshot changes after `generation`, or when the task is cancelled.
    private func changed(since generation: UInt64) async {
        let id = state.withLock { state -> UInt64 in
            state.nextID &+= 1
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state -> Bool in
                    if state.generation != generation || state.cancelled.remove(id) != nil { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                if let waiter = state.waiters.removeValue(forKey: id) { return waiter }
                state.cancelled.insert(id)
                return nil
            }
            waiter?.resume()
        }
    }
}

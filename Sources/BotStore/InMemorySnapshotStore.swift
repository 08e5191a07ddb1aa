// SPDX-License-Identifier: Apache-2.0
import BotSupport
import Synchronization

/// A snapshot store in process memory, with the same expiry rules as Redis: used by the demo,
/// where every bot runs in one process, and by fast tests. It announces each write to its
/// followers as Redis pub/sub does, and an outage (`setFailing`) as a lost subscription.
package final class InMemorySnapshotStore: SnapshotStore {
    private struct Entry {
        var value: [UInt8]
        var expiresAtMillis: Int64
    }

    private struct State {
        var primary: Entry?
        var legacy: Entry?
        var failing: StoreError?
        var publishes = 0
        var fetches = 0
        var remainingChecks = 0
        var lease: (token: String, expiresAtMillis: Int64)?
        var sequence: Int64 = 0
        var followers: [Int: AsyncStream<SnapshotUpdate>.Continuation] = [:]
        var nextFollower = 0

        func announce(_ update: SnapshotUpdate) {
            for follower in followers.values { follower.yield(update) }
        }
    }

    private let state = Mutex(State())
    private let wallClock: any WallClock

    /// An empty store whose expiry follows `wallClock`.
    package init(wallClock: any WallClock = SystemWallClock()) {
        self.wallClock = wallClock
    }

    /// Keeps no draw history: `history` is not kept.
    package func publish(
        snapshot: [UInt8], legacy: [UInt8], ttl: Duration, lease: String, announce: SnapshotAnnouncement, history: [Draw]
    ) async throws -> PublishOutcome {
        let now = wallClock.nowMillis()
        let expires = now + ttl.milliseconds
        return try state.withLock { state in
            if let failing = state.failing { throw failing }
            guard let held = state.lease, held.token == lease, held.expiresAtMillis > now else { return .notLeader }
            state.publishes += 1
            state.sequence += 1
            let stamped = Snapshot.stamped(snapshot, sequence: state.sequence)
            state.primary = Entry(value: stamped, expiresAtMillis: expires)
            state.legacy = Entry(value: legacy, expiresAtMillis: expires)
            if case .changed(let issue) = announce { state.announce(.changed(sequence: state.sequence, latestIssue: issue)) }
            return .written(sequence: state.sequence)
        }
    }

    package func acquireLease(token: String, ttl: Duration) async throws -> Bool {
        let now = wallClock.nowMillis()
        return try state.withLock { state in
            if let failing = state.failing { throw failing }
            if let held = state.lease, held.expiresAtMillis > now, held.token != token { return false }
            state.lease = (token, now + ttl.milliseconds)
            return true
        }
    }

    package func renewLease(token: String, ttl: Duration) async throws -> Bool {
        let now = wallClock.nowMillis()
        return try state.withLock { state in
            if let failing = state.failing { throw failing }
            guard let held = state.lease, held.token == token, held.expiresAtMillis > now else { return false }
            state.lease = (token, now + ttl.milliseconds)
            return true
        }
    }

    package func releaseLease(token: String) async throws {
        state.withLock { state in
            if state.lease?.token == token { state.lease = nil }
        }
    }

    package func fetch() async throws -> StoredSnapshot {
        let now = wallClock.nowMillis()
        return try state.withLock { state in
            if let failing = state.failing { throw failing }
            state.fetches += 1
            if let primary = state.primary, primary.expiresAtMillis > now {
                if primary.value.count > Snapshot.maxBytes { return .refused(Snapshot.oversized("the primary key", bytes: primary.value.count)) }
                return .primary(primary.value, remainingMillis: primary.expiresAtMillis - now)
            }
            if let legacy = state.legacy, legacy.expiresAtMillis > now {
                if legacy.value.count > Snapshot.maxBytes { return .refused(Snapshot.oversized("the legacy key", bytes: legacy.value.count)) }
                return .legacy(legacy.value, remainingMillis: legacy.expiresAtMillis - now)
            }
            return .empty
        }
    }

    package func primaryRemainingMillis() async throws -> Int64? {
        let now = wallClock.nowMillis()
        return try state.withLock { state in
            if let failing = state.failing { throw failing }
            state.remainingChecks += 1
            guard let primary = state.primary, primary.expiresAtMillis > now else { return nil }
            return primary.expiresAtMillis - now
        }
    }

    package func followUpdates(_ onUpdate: @Sendable (SnapshotUpdate) async -> Void) async {
        let (updates, follower) = AsyncStream.makeStream(of: SnapshotUpdate.self)
        let id = state.withLock { state in
            state.nextFollower += 1
            state.followers[state.nextFollower] = follower
            if state.failing == nil { follower.yield(.subscribed) }
            return state.nextFollower
        }
        for await update in updates {
            await onUpdate(update)
        }
        state.withLock { _ = $0.followers.removeValue(forKey: id) }
    }

    /// How many snapshots were published.
    package var publishCount: Int { state.withLock { $0.publishes } }
    /// How many reads (`fetch`) the store answered.
    package var fetchCount: Int { state.withLock { $0.fetches } }
    /// How many backstop checks (`primaryRemainingMillis`) the store answered.
    package var remainingCheckCount: Int { state.withLock { $0.remainingChecks } }

    /// The lease's value (its holder's token), expired or not; nil when nobody took it.
    package var leaseHolder: String? { state.withLock { $0.lease?.token } }

    /// Makes every operation fail with `error` (nil heals it), to play an outage.
    package func setFailing(_ error: StoreError?) {
        state.withLock { state in
            switch (state.failing, error) {
            case (nil, let error?): state.announce(.lost(error.message))
            case (.some, nil): state.announce(.subscribed)
            default: break
            }
            state.failing = error
        }
    }

    /// Replaces the primary key's payload as a writer would, for tests of bad payloads.
    package func putPrimary(_ bytes: [UInt8]?, ttl: Duration = .seconds(300)) {
        let expires = wallClock.nowMillis() + ttl.milliseconds
        state.withLock { $0.primary = bytes.map { Entry(value: $0, expiresAtMillis: expires) } }
    }
}

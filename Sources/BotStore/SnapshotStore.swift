// SPDX-License-Identifier: Apache-2.0
import BotSupport
/// What the store holds under the fleet's keys, undecoded.
package enum StoredSnapshot: Sendable, Equatable {
    /// The primary key's payload, and its remaining time to live in milliseconds as the server
    /// counts it (immune to the bots' clock skew).
    case primary([UInt8], remainingMillis: Int64? = nil)
    /// No primary key, but the legacy key: the raw upstream JSON, and its remaining time to live
    /// in milliseconds (nil when the key has no expiry), from which its age is judged.
    case legacy([UInt8], remainingMillis: Int64?)
    /// Neither key.
    case empty
    /// A key that holds what no reader takes, left unread: a value larger than
    /// `Snapshot.maxBytes`, or another type than a string. The reason names the key.
    case refused(String)
}

/// What a write tells those who follow the store's updates.
package enum SnapshotAnnouncement: Sendable, Equatable {
    /// Nothing: the draws are those of the last write (a confirmation, which only renews the
    /// snapshot's age).
    case silent
    /// The draws changed: announce the write's sequence and, when given, the latest issue.
    case changed(latestIssue: Int64?)
}

/// What a fenced write did.
package enum PublishOutcome: Sendable, Equatable {
    /// Written and stamped with this sequence number (and announced, if asked).
    case written(sequence: Int64)
    /// Refused: the writer no longer holds the lease (another master took over).
    case notLeader
    /// Written and stamped with this sequence number, but the draw history was not appended to,
    /// for `reason` (the writer's Redis user may not `XADD`, the key holds another type).
    case writtenWithoutHistory(sequence: Int64, reason: String)
}

/// What a store's update stream reports.
package enum SnapshotUpdate: Sendable, Equatable {
    /// Following the updates, first or again after a loss: read the snapshot now, since what was
    /// announced while nobody listened is gone.
    case subscribed
    /// A writer announced a write that changed the draws, with its sequence number and the latest
    /// issue when the announcement carries them (a master of an earlier release sends only the
    /// sequence).
    case changed(sequence: Int64?, latestIssue: Int64? = nil)
    /// The stream was lost (the store is down); it is restored on its own, with `subscribed`.
    case lost(String)
}

/// Where the fleet shares its snapshot: Redis in production, memory in the demo and fast tests.
///
/// Masters share a lease; only the holder writes, and every write first checks the lease, so a
/// master that was paused past its lease cannot overwrite a newer snapshot. A write that changes the draws is
/// announced to those who follow the store's updates (a confirmation of the same draws is not), so
/// readers need not wait for their next poll.
package protocol SnapshotStore: Sendable {
    /// Checks that `lease` is still held, stamps the snapshot with the next sequence number,
    /// writes it and the legacy copy (each with `ttl`) and, unless `announce` is `.silent`,
    /// announces it, all in one step.
    /// In the same step, appends each of `history` (ascending by issue) newer than the draw
    /// history's newest entry to it, so that each draw is appended once, by the lease holder only.
    func publish(
        snapshot: [UInt8], legacy: [UInt8], ttl: Duration, lease: String, announce: SnapshotAnnouncement, history: [Draw]
    ) async throws -> PublishOutcome
    /// The draw history's newest entries after the entry `id` (from the oldest it holds when nil),
    /// at most `count`, oldest first, those that hold no valid draw left out (and named); nil when
    /// this store keeps no draw history (memory).
    func history(after id: String?, count: Int) async throws -> HistoryRead?
    /// Reads the primary key, or the legacy key when the primary is missing.
    func fetch() async throws -> StoredSnapshot
    /// The primary key's remaining time to live in milliseconds as the server counts it (one
    /// `PTTL`): nil when the key is missing or has no expiry. What a reader's backstop asks while
    /// its subscription is live, so that an idle reader costs one command a check, not a read.
    func primaryRemainingMillis() async throws -> Int64?
    /// Takes the lease for `token` if nobody holds it (or renews it if `token` does); true when held.
    func acquireLease(token: String, ttl: Duration) async throws -> Bool
    /// Extends the lease if `token` still holds it; false when it does not.
    func renewLease(token: String, ttl: Duration) async throws -> Bool
    /// Gives the lease up if `token` holds it.
    func releaseLease(token: String) async throws
    /// Follows the writes announced on the store, calling `onUpdate` for each update in order,
    /// until the task is cancelled. Announcements are not kept: a follower that was away reads the
    /// snapshot on `subscribed`.
    func followUpdates(_ onUpdate: @Sendable (SnapshotUpdate) async -> Void) async
}

extension SnapshotStore {
    /// A write announced with its sequence only, as masters of earlier releases did.
    package func publish(snapshot: [UInt8], legacy: [UInt8], ttl: Duration, lease: String) async throws -> PublishOutcome {
        try await publish(snapshot: snapshot, legacy: legacy, ttl: ttl, lease: lease, announce: .changed(latestIssue: nil))
    }

    /// A write that appends nothing to the draw history.
    package func publish(snapshot: [UInt8], legacy: [UInt8], ttl: Duration, lease: String, announce: SnapshotAnnouncement) async throws
        -> PublishOutcome
    {
        try await publish(snapshot: snapshot, legacy: legacy, ttl: ttl, lease: lease, announce: announce, history: [])
    }

    /// No draw history.
    package func history(after id: String?, count: Int) async throws -> HistoryRead? { nil }
}

/// A store operation that failed: the store is down, refused the command, or timed out.
package struct StoreError: Error, Sendable, CustomStringConvertible {
    /// What happened.
    package var message: String
    /// Whether the server refused for lack of permission (a Redis ACL `NOPERM`).
    package var isPermissionDenied: Bool
    /// Creates an error.
    package init(_ message: String, isPermissionDenied: Bool = false) {
        self.message = message
        self.isPermissionDenied = isPermissionDenied
    }
    /// The message.
    package var description: String { message }
}

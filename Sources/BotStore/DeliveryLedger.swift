// SPDX-License-Identifier: Apache-2.0
/// One delivery: a draw posted by one locale's bot to one of its sinks.
package struct LedgerKey: Sendable, Hashable {
    /// The bot's locale.
    package var locale: String
    /// The sink's name.
    package var sink: String
    /// The draw's issue.
    package var issue: Int64

    /// Creates a key.
    package init(locale: String, sink: String, issue: Int64) {
        self.locale = locale
        self.sink = sink
        self.issue = issue
    }
}

/// What a claim found.
package enum ClaimOutcome: Sendable, Equatable {
    /// The delivery is ours to make.
    case claimed
    /// It was made before (by this bot before a restart, or a twin).
    case alreadySent
    /// Another attempt holds it and has not finished (nor let its claim expire): `by` names the
    /// process, nil for a claim of the earlier design, which names none.
    case heldElsewhere(by: ClaimOwner?)
}

/// Records which draws each sink has posted, so that a restarted bot posts nothing twice and
/// knows where to resume.
///
/// A post is claimed right before its request (a short-lived claim naming its owner), and marked
/// sent after. What a sink has sent is a resume point plus its `keptSent` most recent issues, so
/// the ledger's size does not grow with retention or the draw rate.
package protocol DeliveryLedger: Sendable {
    /// Claims `key` for `ttl` on behalf of `owner`.
    func claim(_ key: LedgerKey, ttl: Duration, owner: ClaimOwner) async throws -> ClaimOutcome
    /// Takes over the claim on `key` that `holder` holds (a dead earlier run of this bot's), for
    /// `ttl` on behalf of `owner`; when the claim changed meanwhile, says what it is now.
    func takeOver(_ key: LedgerKey, from holder: ClaimOwner, ttl: Duration, owner: ClaimOwner) async throws -> ClaimOutcome
    /// Marks `key` as sent (kept among the sink's recent issues for `retention`), drops its claim,
    /// and moves the sink's resume point to its issue.
    func markSent(_ key: LedgerKey, retention: Duration) async throws
    /// Gives up `key` after a failed delivery, and moves the sink's resume point past it.
    func release(_ key: LedgerKey, retention: Duration) async throws
    /// Drops the claim on `key` (when it is still a claim) without recording anything, so that the
    /// next attempt, a restarted bot's, may claim it at once: for a delivery stopped before it
    /// reached the chat.
    func abandon(_ key: LedgerKey) async throws
    /// Moves the resume point of each of `sinks` back to `issue`, kept for `retention`: for a game
    /// whose numbering went back, so that a restarted bot resumes in the new numbering.
    func rewind(locale: String, sinks: [String], to issue: Int64, retention: Duration) async throws
    /// The highest issue every one of `sinks` is done with; nil when any sink has no record.
    func resumePoint(locale: String, sinks: [String]) async throws -> Int64?
    /// Moves the records of `locale`'s `sinks` kept by an earlier design (one key per post) into
    /// the bounded ledger, once; returns how many it moved.
    func migrate(locale: String, sinks: [String], retention: Duration) async throws -> Int
}

/// How much of what a sink sent the ledger keeps.
package enum DeliveryLedgerLimits {
    /// The most recent issues kept per locale, game and sink (older ones are below the resume point).
    package static let keptSent = 256
}

extension DeliveryLedger {
    /// Claims `key` for `ttl` on behalf of this process.
    package func claim(_ key: LedgerKey, ttl: Duration) async throws -> ClaimOutcome {
        try await claim(key, ttl: ttl, owner: .current)
    }

    /// Nothing to migrate.
    package func migrate(locale: String, sinks: [String], retention: Duration) async throws -> Int { 0 }
}

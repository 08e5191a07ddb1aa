/// One delivery: a draw posted by one locale's bot to one of its sinks.
public struct LedgerKey: Sendable, Hashable {
    /// The bot's locale.
    public var locale: String
    /// The sink's name.
    public var sink: String
    /// The draw's issue.
    public var issue: Int64

    /// Creates a key.
    public init(locale: String, sink: String, issue: Int64) {
        self.locale = locale
        self.sink = sink
        self.issue = issue
    }
}

/// What a claim found.
public enum ClaimOutcome: Sendable, Equatable {
    /// The delivery is ours to make.
    case claimed
    /// It was made before (by this bot before a restart, or a twin).
    case alreadySent
    /// Another attempt holds it and has not finished (nor let its claim expire).
    case heldElsewhere
}

/// Records which draws each sink has posted, so that a restarted bot posts nothing twice and
/// knows where to resume. Claim with `SET NX PX` before sending, mark as sent after.
public protocol DeliveryLedger: Sendable {
    /// Claims `key` for `ttl`.
    func claim(_ key: LedgerKey, ttl: Duration) async throws -> ClaimOutcome
    /// Marks `key` as sent, kept for `retention`, and moves the sink's resume point to its issue.
    func markSent(_ key: LedgerKey, retention: Duration) async throws
    /// Gives up `key` after a failed delivery, and moves the sink's resume point past it.
    func release(_ key: LedgerKey, retention: Duration) async throws
    /// Drops this attempt's claim on `key` (when it still holds `claimed`) without recording
    /// anything, so that the next attempt, a restarted bot's, may claim it at once: for a
    /// delivery stopped before it reached the chat.
    func abandon(_ key: LedgerKey) async throws
    /// Moves the resume point of each of `sinks` back to `issue`, kept for `retention`: for a game
    /// whose numbering went back, so that a restarted bot resumes in the new numbering.
    func rewind(locale: String, sinks: [String], to issue: Int64, retention: Duration) async throws
    /// The highest issue every one of `sinks` is done with; nil when any sink has no record.
    func resumePoint(locale: String, sinks: [String]) async throws -> Int64?
}

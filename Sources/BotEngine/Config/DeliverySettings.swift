// SPDX-License-Identifier: Apache-2.0
/// How posts are delivered.
package struct DeliverySettings: Sendable, Equatable {
    /// Attempts for a post that fails with a server or network error, the first included.
    package var maxAttempts = 5
    /// Backoff before the second attempt; doubles up to `maxDelay`.
    package var baseDelay: Duration = .seconds(1)
    /// The longest backoff.
    package var maxDelay: Duration = .seconds(30)
    /// The longest `retry_after` honoured; a longer one fails the post.
    package var maxRetryAfter: Duration = .seconds(120)
    /// Where the exactly-once ledger lives: `redis` (survives restarts) or `memory`.
    package var ledger: LedgerKind = .redis
    /// How long a claim holds before another attempt may take the draw over.
    package var claimTTL: Duration = .seconds(120)
    /// How long a sent mark is kept.
    package var retention: Duration = .seconds(7 * 24 * 3600)
    /// A draw older than this when its turn to be sent comes is skipped, not posted late: from
    /// the draw's time when the game API gives one, else from when the bot first saw it.
    package var maxAge: Duration = .seconds(600)
    /// How often a sink whose chat is lost (the bot removed, the chat deleted, the token or
    /// webhook revoked) tries again.
    package var lostChatRetry: Duration = .seconds(300)

    /// Where the ledger lives.
    package enum LedgerKind: String, Sendable, CaseIterable {
        case redis, memory
    }

    /// Defaults.
    package init() {}
}

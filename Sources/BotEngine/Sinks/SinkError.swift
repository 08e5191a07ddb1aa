// SPDX-License-Identifier: Apache-2.0
/// Why a sink could not deliver, and so what its worker does next.
package struct SinkError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    package enum Kind: Sendable, Equatable {
        /// The API asked to wait (HTTP 429): wait this long, then retry.
        case rateLimited(retryAfter: Duration)
        /// A server error or a network failure: retry with backoff, a bounded number of times.
        case transient
        /// The request was refused (400, 401, 403): retrying cannot help; the message says what to fix.
        case permanent
        /// The chat is lost (the bot removed from it, the chat deleted, the token or webhook
        /// revoked): the sink stops sending and tries again every `delivery.lost_chat_retry`.
        /// `reason` is the `redgreen_sink_disabled` label (`forbidden`, `chat_not_found`,
        /// `unauthorized`, `not_found`).
        case chatLost(reason: String)
    }

    /// The kind of failure.
    package var kind: Kind
    /// What happened and, for permanent failures, what to fix. Never holds a secret.
    package var message: String

    /// Creates an error.
    package init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    package var description: String { message }
}

// SPDX-License-Identifier: Apache-2.0
/// The part of a connection's state that other threads may read, kept behind a mutex in
/// ``RedisConnection``: the live socket (for cancellation and `isConnected`), the command
/// currently running, and the reconnect backoff (so commands can fail fast without queueing).
struct ConnectionState {
    /// Socket of the live hiredis context, or -1 when there is none.
    var fd: Int32 = -1
    /// Whether the live context finished its handshake (`AUTH`, `SELECT`).
    var isReady = false
    /// The operation whose C calls are running right now on the executor.
    var active: ObjectIdentifier?
    /// Whether a cancellation shut the live socket down during `active`'s operation: the
    /// context is then dropped when the operation ends, even if its command had completed.
    var interrupted = false
    /// While set and in the future, no connect attempt is made and commands throw `.unavailable`.
    var retryAfter: ContinuousClock.Instant?
    /// Backoff to apply after the next failed connect attempt.
    var nextBackoff: Duration
    /// Message of the last failed connect attempt (password-free).
    var lastFailure: String?

    init(initialBackoff: Duration) {
        self.nextBackoff = initialBackoff
    }
}

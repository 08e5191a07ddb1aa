// SPDX-License-Identifier: Apache-2.0
/// An error from ``RedisClient`` or ``RedisEndpoint``.
///
/// ``message`` names the endpoint (password redacted) and what happened, except for
/// ``Code/server`` errors whose message is exactly the server's error text (e.g. `WRONGTYPE ...`).
/// No message ever contains a password.
public struct RedisError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is. Compare with the static members, e.g. `error.code == .timeout`.
    public struct Code: Sendable, Equatable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// A `redis://` URL could not be parsed.
        public static let invalidURL = Code("invalidURL")
        /// The TCP connect (or the `SELECT` after it) failed.
        public static let connectFailed = Code("connectFailed")
        /// The server rejected `AUTH`.
        public static let authFailed = Code("authFailed")
        /// The server did not answer within the command timeout.
        public static let timeout = Code("timeout")
        /// The connection broke while sending or receiving (the client reconnects on the next command).
        public static let io = Code("io")
        /// The server sent something that is not valid RESP.
        public static let protocolError = Code("protocolError")
        /// The server answered with an error reply; the connection stays usable.
        public static let server = Code("server")
        /// The client is waiting out its reconnect backoff after a failed connect; retry later.
        public static let unavailable = Code("unavailable")
        /// The client has been shut down. Reserved: the current ``RedisClient`` has no shutdown
        /// call and reconnects instead, so it never throws this code.
        public static let closed = Code("closed")

        /// The code's name, e.g. `timeout`.
        public var description: String { name }
    }

    /// What kind of failure this is.
    public var code: Code
    /// Human-readable detail; never contains a password.
    public var message: String

    /// Creates an error with a code and message.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `RedisError.<code>: <message>`.
    public var description: String { "RedisError.\(code): \(message)" }
}

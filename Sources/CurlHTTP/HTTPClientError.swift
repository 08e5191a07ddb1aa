// SPDX-License-Identifier: Apache-2.0
/// Why an HTTP request got no response.
///
/// A response with an error status (4xx, 5xx) is not an `HTTPClientError`; it is returned as an
/// ``HTTPResponse``.
public struct HTTPClientError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure, for callers that retry or report by kind.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) {
            self.name = name
        }

        /// The request took longer than its connect or total timeout.
        public static let timeout = Code("timeout")
        /// Nothing accepted the connection (refused, unreachable, or the proxy was).
        public static let connectFailed = Code("connectFailed")
        /// The host name (or the proxy's) could not be resolved.
        public static let resolveFailed = Code("resolveFailed")
        /// The connection broke mid-request: send or receive failed, or the server closed it
        /// without a (complete) response.
        public static let connectionReset = Code("connectionReset")
        /// The URL is malformed or not `http`/`https`.
        public static let invalidURL = Code("invalidURL")
        /// The response body is larger than the client's `maxResponseBytes`.
        public static let tooLarge = Code("tooLarge")
        /// The awaiting task was cancelled and the transfer aborted.
        public static let cancelled = Code("cancelled")
        /// Any other failure (TLS, protocol, out of memory, ...); the message says which.
        public static let other = Code("other")

        /// The code's name, e.g. `timeout`.
        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// What failed: the method and URL (without query string, fragment or credentials) and the
    /// transport's own error text.
    public var message: String

    /// Creates an error; useful for test doubles of an HTTP client.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// `"<code>: <message>"`.
    public var description: String { "\(code): \(message)" }
}

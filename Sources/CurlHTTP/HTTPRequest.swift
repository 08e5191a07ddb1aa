// SPDX-License-Identifier: Apache-2.0
/// An HTTP request for ``CurlHTTPClient/execute(_:)``.
public struct HTTPRequest: Sendable {
    /// The request method.
    public enum Method: String, Sendable {
        /// `GET`.
        case get = "GET"
        /// `POST`.
        case post = "POST"
        /// `PATCH` (a Discord webhook message edited in place): sent with its body, as a `POST` with the method's name.
        case patch = "PATCH"
    }

    /// The request method.
    public var method: Method
    /// The absolute `http://` or `https://` URL, query string included.
    public var url: String
    /// Header fields to send. A `User-Agent` here replaces the client's default one.
    public var headers: [HTTPHeader]
    /// The request body, sent byte for byte (NUL bytes included), or `nil` for none.
    ///
    /// A `POST` without a body sends an empty one (`Content-Length: 0`). A `GET` with a body
    /// still goes out as `GET`.
    public var body: [UInt8]?
    /// The longest time to wait for the connection (TCP and TLS) to be set up.
    public var connectTimeout: Duration
    /// The longest time the whole request may take, connecting included.
    public var timeout: Duration

    /// Creates a request; by default a `GET` with a 5 s connect timeout and a 10 s total timeout.
    public init(
        method: Method = .get,
        url: String,
        headers: [HTTPHeader] = [],
        body: [UInt8]? = nil,
        connectTimeout: Duration = .seconds(5),
        timeout: Duration = .seconds(10)
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.connectTimeout = connectTimeout
        self.timeout = timeout
    }
}

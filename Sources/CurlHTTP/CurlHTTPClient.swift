// SPDX-License-Identifier: Apache-2.0
import BlockingIO

/// An HTTP/HTTPS client backed by libcurl, reusing one connection-caching curl handle.
///
/// Requests run one at a time, in order, on the client's own ``BlockingExecutor`` (a serial
/// dispatch queue), so the blocking `curl_easy_perform` never occupies a thread of Swift's
/// cooperative pool. Create one client per independent stream of requests; requests on the same
/// client queue behind each other.
///
/// Behaviour of every request:
/// - A response with any status (including 4xx and 5xx) is returned, not thrown.
/// - Redirects are not followed; a 3xx comes back as the response.
/// - Only `http` and `https` URLs are allowed.
/// - The response body is decompressed if the server compressed it (every encoding this libcurl
///   supports is offered in `Accept-Encoding`).
/// - **Proxies come from the environment**, as with the `curl` tool: no proxy option is set, so
///   libcurl honours `http_proxy` (lower case only, for `http://` URLs), `https_proxy` /
///   `HTTPS_PROXY` (for `https://` URLs), `all_proxy` / `ALL_PROXY`, and skips the proxy for hosts
///   listed in `no_proxy` / `NO_PROXY`. With none of them set, connections are direct.
/// - Curl's own `Expect: 100-continue` and form `Content-Type` defaults are suppressed; only the
///   headers in the request (plus `Host`, `Accept`, `Accept-Encoding`, `Content-Length` and the
///   default `User-Agent`) are sent.
public final class CurlHTTPClient: Sendable {
    private let userAgent: String
    private let maxResponseBytes: Int
    private let executor: BlockingExecutor
    private let handle = CurlEasyHandle()

    /// Creates a client.
    ///
    /// - Parameters:
    ///   - userAgent: Sent as `User-Agent` unless the request sets that header itself; an empty
    ///     string sends none.
    ///   - maxResponseBytes: The largest response body accepted (after decompression), default
    ///     8 MiB; a larger one fails the request with ``HTTPClientError/Code/tooLarge``.
    ///   - thread: Another client's thread to run the requests on, instead of one of its own: a
    ///     task that prefers that executor then makes its request there, with no hop to another
    ///     thread and back, and everything else on that thread waits while a request is in flight.
    public init(userAgent: String = "redgreen-bot", maxResponseBytes: Int = 8 << 20, sharing thread: BlockingExecutor? = nil) {
        self.userAgent = userAgent
        self.maxResponseBytes = max(0, maxResponseBytes)
        self.executor = thread ?? BlockingExecutor(label: "CurlHTTPClient")
    }

    /// The thread the requests run on: the client's own, or the one it shares.
    package var thread: BlockingExecutor { executor }

    /// Performs `request` and returns the response, whatever its status.
    ///
    /// Runs on this client's serial ``BlockingExecutor`` (never blocking the cooperative
    /// pool), reusing one curl easy handle: `curl_easy_reset` between requests keeps its
    /// connections alive, so consecutive requests to one host share a connection.
    ///
    /// If the calling task is cancelled, this throws `CancellationError` at once and the transfer
    /// is aborted at curl's next progress callback (about once a second at worst, while the
    /// connection is idle); the client stays usable.
    ///
    /// - Throws: ``HTTPClientError`` when no response was received (timeout, connection failure,
    ///   invalid URL, body over `maxResponseBytes`, ...), or `CancellationError`.
    public func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        let abort = AbortFlag()
        let handle = self.handle
        let userAgent = self.userAgent
        let maxResponseBytes = self.maxResponseBytes
        return try await executor.run(onCancel: { abort.raise() }) {
            try handle.perform(request, userAgent: userAgent, maxResponseBytes: maxResponseBytes, abort: abort)
        }
    }
}

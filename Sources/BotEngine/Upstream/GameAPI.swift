import CurlHTTP

/// The game API: one request for the current draws, validated.
public protocol GameAPI: Sendable {
    /// Makes one request, with no retry. Throws `UpstreamError` (or `CancellationError`).
    func fetchDraws() async throws -> DrawFeed
}

/// Sends HTTP requests: libcurl in production, anything over loopback in tests.
public protocol HTTPTransport: Sendable {
    /// Performs `request`. A non-2xx status is a response, not an error.
    func execute(_ request: HTTPRequest) async throws -> HTTPResponse
}

extension CurlHTTPClient: HTTPTransport {}

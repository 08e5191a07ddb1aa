// SPDX-License-Identifier: Apache-2.0
import CurlHTTP

/// Sends HTTP requests: libcurl in production, anything over loopback in tests.
package protocol HTTPTransport: Sendable {
    /// Performs `request`. A non-2xx status is a response, not an error.
    func execute(_ request: HTTPRequest) async throws -> HTTPResponse
}

extension CurlHTTPClient: HTTPTransport {}

// SPDX-License-Identifier: Apache-2.0
import BotSupport
import CurlHTTP
import Foundation

/// What the HTTP sinks share: sending a JSON body, and turning failures into `SinkError`s that
/// never carry the secret in the URL (a bot token, a webhook token).
struct HTTPSinkClient: Sendable {
    let transport: any HTTPTransport
    let timeout: Duration
    /// Strings to hide from every message (the token, the webhook URL).
    let secrets: [String]

    func postJSON(_ url: String, body: [UInt8], headers: [HTTPHeader] = []) async throws -> HTTPResponse {
        try await post(url, body: body, contentType: "application/json", headers: headers)
    }

    /// POSTs `body` as `contentType` (JSON, a multipart form).
    func post(_ url: String, body: [UInt8], contentType: String, headers: [HTTPHeader] = []) async throws -> HTTPResponse {
        try await send(.post, url, body: body, contentType: contentType, headers: headers)
    }

    /// Sends `body` as `contentType` with `method`; a transport failure is a transient `SinkError` with the secrets hidden.
    func send(_ method: HTTPRequest.Method, _ url: String, body: [UInt8], contentType: String, headers: [HTTPHeader] = []) async throws
        -> HTTPResponse
    {
        let request = HTTPRequest(
            method: method, url: url, headers: [HTTPHeader("Content-Type", contentType)] + headers, body: body,
            connectTimeout: min(.seconds(5), timeout), timeout: timeout
        )
        do {
            return try await transport.execute(request)
        } catch let error as HTTPClientError {
            if error.code == .cancelled { throw CancellationError() }
            throw SinkError(.transient, redact("request failed: \(error.message)"))
        }
    }

    /// `text` with every secret replaced by `***`, the longest first (a URL before its path).
    func redact(_ text: String) -> String {
        secrets.filter { !$0.isEmpty }.sorted { $0.count > $1.count }.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") }
    }

    /// A secret URL and the parts of it that a server may echo on their own (Discord's
    /// `path was /api/webhooks/987/<token>?wait=true`): its path with and without the query, the
    /// query and each of its values, and each path segment of 16 characters or more (a token).
    /// Parts shorter than 8 characters (`/`, `/api`) hold no secret and are left out.
    static func secretParts(ofURL url: String) -> [String] {
        guard !url.isEmpty else { return [] }
        var parts = [url]
        if let components = URLComponents(string: url) {
            let path = components.percentEncodedPath
            parts.append(path)
            if let query = components.percentEncodedQuery {
                parts += [path + "?" + query, query]
                parts += query.split(separator: "&").compactMap { $0.split(separator: "=", maxSplits: 1).dropFirst().first.map(String.init) }
            }
            parts += path.split(separator: "/").filter { $0.count >= 16 }.map(String.init)
        }
        return parts.filter { $0.count >= 8 }
    }

    /// A `Retry-After` header in seconds; nil when absent or not a number of seconds of at least
    /// zero (`nan`, `-1`, an HTTP date), at most `Duration.longest` (`inf`, `1e300`).
    static func retryAfterHeader(_ response: HTTPResponse) -> Duration? {
        secondsHeader("Retry-After", of: response)
    }

    /// The header `name` of `response` as a number of seconds (`Retry-After`,
    /// `X-RateLimit-Reset-After`), checked as `retryAfterHeader` is.
    static func secondsHeader(_ name: String, of response: HTTPResponse) -> Duration? {
        response.header(name).flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }.flatMap(Duration.checkedSeconds)
    }

    /// The response body as JSON, if it is an object.
    static func jsonObject(_ response: HTTPResponse) -> JSONValue? {
        guard let value = try? JSONValue.parse(response.body), case .object = value else { return nil }
        return value
    }

    static func encode(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { [UInt8]($0) } ?? []
    }
}

extension JSONValue {
    /// A number member as seconds; nil when negative or not a number, at most `Duration.longest`.
    var seconds: Duration? {
        switch self {
        case .integer(let value): Duration.checkedSeconds(value)
        case .number(let value): Duration.checkedSeconds(value)
        default: nil
        }
    }

    /// A string member.
    var text: String? {
        if case .string(let value) = self { return value }
        return nil
    }
}

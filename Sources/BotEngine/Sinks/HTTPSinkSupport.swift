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
        let request = HTTPRequest(
            method: .post, url: url, headers: [HTTPHeader("Content-Type", contentType)] + headers, body: body,
            connectTimeout: min(.seconds(5), timeout), timeout: timeout
        )
        do {
            return try await transport.execute(request)
        } catch let error as HTTPClientError {
            if error.code == .cancelled { throw CancellationError() }
            throw SinkError(.transient, redact("request failed: \(error.message)"))
        }
    }

    func redact(_ text: String) -> String {
        secrets.filter { !$0.isEmpty }.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") }
    }

    /// A `Retry-After` header in seconds.
    static func retryAfterHeader(_ response: HTTPResponse) -> Duration? {
        response.header("Retry-After").flatMap(Double.init).map { .milliseconds(Int64(($0 * 1000).rounded(.up))) }
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
    /// A number member as seconds.
    var seconds: Duration? {
        switch self {
        case .integer(let value): .seconds(value)
        case .number(let value): .milliseconds(Int64((value * 1000).rounded(.up)))
        default: nil
        }
    }

    /// A string member.
    var text: String? {
        if case .string(let value) = self { return value }
        return nil
    }
}

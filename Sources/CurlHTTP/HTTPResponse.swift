// SPDX-License-Identifier: Apache-2.0
/// A complete HTTP response, whatever its status.
///
/// A status of 400 or more is still a response, not an error: the caller decides what it means.
public struct HTTPResponse: Sendable {
    /// The HTTP status code, e.g. 200 or 429.
    public var status: Int
    /// The response's header fields in the order received (of the final response only, not of
    /// any interim `1xx` one).
    public var headers: [HTTPHeader]
    /// The response body, already decoded if the server sent it compressed.
    public var body: [UInt8]

    /// Creates a response from its parts.
    public init(status: Int, headers: [HTTPHeader], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of the header field `name`, compared case-insensitively; if the field occurs
    /// more than once, the last value wins. `nil` if it is absent.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.last { $0.name.lowercased() == wanted }?.value
    }
}

// SPDX-License-Identifier: Apache-2.0
/// One HTTP header field, as sent or received.
///
/// Names keep the spelling they were given or received with; compare them case-insensitively
/// (``HTTPResponse/header(_:)`` does).
public struct HTTPHeader: Sendable, Equatable {
    /// The field name, e.g. `Content-Type`.
    public var name: String
    /// The field value, without surrounding whitespace.
    public var value: String

    /// Creates a header field from its name and value.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

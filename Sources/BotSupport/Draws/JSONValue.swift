// SPDX-License-Identifier: Apache-2.0
import Foundation

/// A JSON document as a value, keeping the difference between integers, other numbers, strings
/// and booleans that validation needs (Foundation's `JSONSerialization` blurs them on Linux).
package enum JSONValue: Sendable, Equatable, Decodable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses a JSON document, in time linear in its size; one nested deeper than
    /// `JSONParser.maxDepth` (64) is refused.
    package static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        try JSONParser.parse(bytes)
    }

    /// Parses a JSON document whose top-level object's member `skipped` is left out of the result:
    /// its bytes are only scanned for where the value ends, never parsed into values.
    package static func parse(_ bytes: [UInt8], skippingMember skipped: String) throws(JSONParseError) -> JSONValue {
        try JSONParser.parse(bytes, skippingMember: skipped)
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// The member `key` of an object, or nil.
    package subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// A word for the value's type, for error messages.
    package var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer, .number: "a number"
        case .string: "a string"
        case .array: "a list"
        case .object: "an object"
        }
    }
}

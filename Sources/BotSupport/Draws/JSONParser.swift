// SPDX-License-Identifier: Apache-2.0
/// A JSON parser (RFC 8259) for the documents the fleet takes from outside: game API responses,
/// snapshots from Redis, chat API replies.
///
/// Its work is linear in the input, and it refuses a document nested deeper than `maxDepth`
/// (arrays and objects), naming the byte where that happens: Foundation's `JSONDecoder` costs
/// far more than linear on nested input (660 ms for a 1 KB body at depth 400), so a hostile peer
/// could keep a bot's core busy with a few bytes.
///
/// An integer literal that fits `Int64`, or a number literal whose value is a whole number that
/// fits it (`1.0`, `1e2`), is an `.integer`; any other finite number is a `.number`. A number
/// too large for a `Double` (`1e400`), a lone UTF-16 surrogate in `\u` escapes, a raw control
/// character in a string and bytes after the document are errors.
struct JSONParser {
    /// How deeply arrays and objects may nest: far more than any response or snapshot needs.
    static let maxDepth = 64

    /// What `\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r` and `\t` stand for.
    private static let escapes: [UInt8: UInt8] = [0x22: 0x22, 0x5C: 0x5C, 0x2F: 0x2F, 0x62: 0x08, 0x66: 0x0C, 0x6E: 0x0A, 0x72: 0x0D, 0x74: 0x09]

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0
    /// A member of the top-level object whose value is skipped, not parsed.
    private var skippedMember: String?

    /// Parses `bytes`, which must hold one JSON document (white space around it is allowed).
    package static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        parser.skipSpace()
        let value = try parser.value()
        parser.skipSpace()
        guard parser.index == bytes.count else { throw parser.failure("unexpected text after the document") }
        return value
    }

    /// Parses `bytes` as `parse` does, but leaves the top-level object's member `skipped` out of
    /// the result: its value is only scanned for where it ends (its strings and brackets), never
    /// turned into values, so a reader that does not need it pays no allocation for it.
    package static func parse(_ bytes: [UInt8], skippingMember skipped: String) throws(JSONParseError) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        parser.skippedMember = skipped
        parser.skipSpace()
        let value = try parser.value()
        parser.skipSpace()
        guard parser.index == bytes.count else { throw parser.failure("unexpected text after the document") }
        return value
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private func failure(_ message: String) -> JSONParseError {
        JSONParseError(message: message, offset: index)
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipSpace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
    }

    private mutating func value() throws(JSONParseError) -> JSONValue {
        guard let byte = current else { throw failure("the document ends where a value is expected") }
        switch byte {
        case UInt8(ascii: "{"): return try nested { (parser: inout JSONParser) throws(JSONParseError) in try parser.object() }
        case UInt8(ascii: "["): return try nested { (parser: inout JSONParser) throws(JSONParseError) in try parser.array() }
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw failure("unexpected character where a value is expected")
        }
    }

    private mutating func nested(_ body: (inout JSONParser) throws(JSONParseError) -> JSONValue) throws(JSONParseError) -> JSONValue {
        guard depth < Self.maxDepth else { throw failure("nested deeper than \(Self.maxDepth) levels") }
        depth += 1
        defer { depth -= 1 }
        index += 1  // past `[` or `{`
        return try body(&self)
    }

    private mutating func literal(_ word: String, _ result: JSONValue) throws(JSONParseError) -> JSONValue {
        let expected = word.utf8
        guard bytes.count - index >= expected.count, bytes[index..<index + expected.count].elementsEqual(expected) else {
            throw failure("unexpected character where a value is expected")
        }
        index += expected.count
        return result
    }

    private mutating func array() throws(JSONParseError) -> JSONValue {
        var items: [JSONValue] = []
        skipSpace()
        if current == UInt8(ascii: "]") {
            index += 1
            return .array(items)
        }
        while true {
            skipSpace()
            items.append(try value())
            skipSpace()
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                return .array(items)
            default: throw failure("expected ',' or ']' in a list")
            }
        }
    }

    private mutating func object() throws(JSONParseError) -> JSONValue {
        var members: [String: JSONValue] = [:]
        skipSpace()
        if current == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipSpace()
            guard current == UInt8(ascii: "\"") else { throw failure("expected a key (a string) in an object") }
            let key = try string()
            skipSpace()
            guard current == UInt8(ascii: ":") else { throw failure("expected ':' after a key") }
            index += 1
            skipSpace()
            if depth == 1, let skippedMember, key == skippedMember {
                try skipValue()
            } else {
                members[key] = try value()
            }
            skipSpace()
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                return .object(members)
            default: throw failure("expected ',' or '}' in an object")
            }
        }
    }

    /// Moves past one value without building it: a string to its closing quote, a list or an
    /// object to the bracket that closes it (within `maxDepth`), anything else as `value()` does.
    private mutating func skipValue() throws(JSONParseError) {
        guard let first = current, first == UInt8(ascii: "{") || first == UInt8(ascii: "[") || first == UInt8(ascii: "\"") else {
            _ = try value()
            return
        }
        var open = 0
        while let byte = current {
            switch byte {
            case UInt8(ascii: "\""):
                try skipString()
                if open == 0 { return }
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                open += 1
                guard depth + open <= Self.maxDepth else { throw failure("nested deeper than \(Self.maxDepth) levels") }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                open -= 1
                if open == 0 {
                    index += 1
                    return
                }
            default:
                break
            }
            index += 1
        }
        throw failure("the document ends inside a value")
    }

    /// Moves past a string, from its opening quote to its closing one.
    private mutating func skipString() throws(JSONParseError) {
        index += 1
        while let byte = current {
            index += 1
            if byte == UInt8(ascii: "\"") { return }
            if byte == UInt8(ascii: "\\") { index += 1 }
        }
        throw failure("a string is not closed")
    }

    private mutating func string() throws(JSONParseError) -> String {
        index += 1  // past the opening quote
        var out: [UInt8] = []
        while let byte = current {
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let text = String(validating: out, as: UTF8.self) else { throw failure("a string is not UTF-8") }
                return text
            case UInt8(ascii: "\\"):
                index += 1
                try escape(into: &out)
            case 0..<0x20:
                throw failure("a control character in a string must be escaped")
            default:
                out.append(byte)
                index += 1
            }
        }
        throw failure("a string is not closed")
    }

    private mutating func escape(into out: inout [UInt8]) throws(JSONParseError) {
        guard let byte = current else { throw failure("a string is not closed") }
        index += 1
        if let plain = Self.escapes[byte] {
            out.append(plain)
            return
        }
        guard byte == UInt8(ascii: "u") else { throw failure("an unknown escape in a string") }
        var scalar = try hex4()
        if (0xD800...0xDBFF).contains(scalar) {
            guard current == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                throw failure("a lone UTF-16 surrogate in a string")
            }
            index += 2
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw failure("a lone UTF-16 surrogate in a string") }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let character = Unicode.Scalar(scalar) else { throw failure("a lone UTF-16 surrogate in a string") }
        out.append(contentsOf: String(character).utf8)
    }

    private mutating func hex4() throws(JSONParseError) -> UInt32 {
        guard bytes.count - index >= 4 else { throw failure("a \\u escape needs four hex digits") }
        var value: UInt32 = 0
        for byte in bytes[index..<index + 4] {
            guard let digit = Character(Unicode.Scalar(byte)).hexDigitValue else { throw failure("a \\u escape needs four hex digits") }
            value = value << 4 | UInt32(digit)
        }
        index += 4
        return value
    }

    private mutating func number() throws(JSONParseError) -> JSONValue {
        let start = index
        func digits(_ parser: inout JSONParser) -> Int {
            let first = parser.index
            while let byte = parser.current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { parser.index += 1 }
            return parser.index - first
        }
        if current == UInt8(ascii: "-") { index += 1 }
        let leadingZero = current == UInt8(ascii: "0")
        let whole = digits(&self)
        guard whole > 0, !(leadingZero && whole > 1) else { throw failure("a malformed number") }
        var integral = true
        if current == UInt8(ascii: ".") {
            index += 1
            integral = false
            guard digits(&self) > 0 else { throw failure("a malformed number") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            integral = false
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard digits(&self) > 0 else { throw failure("a malformed number") }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if integral, let exact = Int64(text) { return .integer(exact) }
        guard let double = Double(text), double.isFinite else {
            index = start
            throw failure("a number too large to represent")
        }
        if !integral, let exact = Int64(exactly: double) { return .integer(exact) }
        return .number(double)
    }
}

/// A JSON document that does not parse: what is wrong and at which byte.
package struct JSONParseError: Error, Sendable, CustomStringConvertible {
    /// What is wrong (`nested deeper than 64 levels`).
    package var message: String
    /// The 0-based byte offset in the document where it was found.
    package var offset: Int

    /// `message at byte offset`.
    package var description: String { "\(message) at byte \(offset)" }
}

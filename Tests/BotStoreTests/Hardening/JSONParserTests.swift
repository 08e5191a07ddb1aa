// SPDX-License-Identifier: Apache-2.0
import BotStore
import BotSupport
import Foundation
import Testing

/// The JSON parser every outside document goes through (issue 19, items 4 and 12): nesting is
/// bounded and named, values keep the integer/number difference, and bad documents say why.
@Suite struct JSONParserTests {
    static func nested(_ depth: Int, open: String = "[", close: String = "]") -> [UInt8] {
        Array((String(repeating: open, count: depth) + "1" + String(repeating: close, count: depth)).utf8)
    }

    static func nestedObjects(_ depth: Int) -> [UInt8] {
        Array((String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)).utf8)
    }

    @Test func nestingUpToTheLimitParsesAndDeeperIsRefusedByName() throws {
        #expect(throws: Never.self) { try JSONValue.parse(Self.nested(64)) }
        #expect(throws: Never.self) { try JSONValue.parse(Self.nestedObjects(64)) }
        for deep in [Self.nested(65), Self.nestedObjects(65), Self.nested(100_000), Self.nestedObjects(100_000)] {
            let error = #expect(throws: JSONParseError.self) { try JSONValue.parse(deep) }
            #expect(error?.message == "nested deeper than 64 levels")
        }
    }

    /// A ~1 KB body at depth 500 kept a master at 85% CPU; the same inside a snapshot's
    /// `game_data` kept a reader at 70%. Both are refused, saying why.
    @Test func aDeeplyNestedResponseOrSnapshotIsRefusedSayingItIsTooDeep() throws {
        let response = Array(#"{"data":{"records":"#.utf8) + Self.nested(500) + Array("}}".utf8)
        let upstream = #expect(throws: UpstreamError.self) { try DrawDecoder.decode(response) }
        #expect(upstream?.message.contains("nested deeper than 64 levels at byte") == true, "\(String(describing: upstream))")
        let payload = Array(#"{"timestamp":1,"game_data":"#.utf8) + Self.nested(600) + Array("}".utf8)
        let snapshot = #expect(throws: SnapshotError.self) { try Snapshot.decode(payload) }
        #expect(snapshot?.message.contains("nested deeper than 64 levels at byte") == true, "\(String(describing: snapshot))")
    }

    @Test func numbersKeepTheIntegerDifference() throws {
        #expect(
            try JSONValue.parse(Array("[1, -0, 9223372036854775807, 1.0, 1e2, 1.5, 9223372036854775808, -2.5e-3]".utf8))
                == .array([
                    .integer(1), .integer(0), .integer(Int64.max), .integer(1), .integer(100), .number(1.5), .number(9_223_372_036_854_775_808),
                    .number(-0.0025),
                ]))
    }

    @Test func stringsDecodeEscapesAndSurrogatePairs() throws {
        let text = #"["a\"\\\/\b\f\n\r\t", "\u00e9\ud83d\ude00", "ệ"]"#
        #expect(try JSONValue.parse(Array(text.utf8)) == .array([.string("a\"\\/\u{8}\u{c}\n\r\t"), .string("é😀"), .string("ệ")]))
        #expect(
            try JSONValue.parse(Array(#" {"a": {"b": [true, false, null]}, "a2": {}} "#.utf8))["a"]?["b"]
                == .array([.bool(true), .bool(false), .null]))
    }

    @Test(
        arguments: [
            ("", "the document ends where a value is expected"), ("[1,]", "unexpected character where a value is expected"),
            ("[1 2]", "expected ',' or ']' in a list"), (#"{"a" 1}"#, "expected ':' after a key"),
            ("{1:2}", "expected a key (a string) in an object"),
            ("1 2", "unexpected text after the document"), ("01", "a malformed number"), ("1.", "a malformed number"),
            ("-", "a malformed number"), ("1e400", "a number too large to represent"),
            ("\"a\u{1}\"", "a control character in a string must be escaped"),
            (#""\ud83d""#, "a lone UTF-16 surrogate in a string"), (#""\x""#, "an unknown escape in a string"),
            (#""\u12""#, #"a \u escape needs four hex digits"#),
            ("\"abc", "a string is not closed"), ("tru", "unexpected character where a value is expected"),
            ("NaN", "unexpected character where a value is expected"),
        ] as [(String, String)])
    func aBadDocumentSaysWhatIsWrong(text: String, message: String) {
        let error = #expect(throws: JSONParseError.self) { try JSONValue.parse(Array(text.utf8)) }
        #expect(error?.message == message, "\(text)")
    }

    @Test func bytesThatAreNotUTF8InAStringAreRefused() {
        let error = #expect(throws: JSONParseError.self) { try JSONValue.parse([0x22, 0xFF, 0xFE, 0x22]) }
        #expect(error?.message == "a string is not UTF-8")
    }
}

// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

@testable import BotEngine

@Suite("A post's JSON record")
struct PostRecordJSONTests {
    /// A record with every field; `covers` and `silent` given.
    static func record(text: String, value: String = "7", silent: Bool? = true, covers: [Int64]? = [41, 42]) throws -> PostRecord {
        let base = #"{"locale":"vi","issue":42,"value":"7","colors":["green","violet"],"text":"","posted_at_ms":1765000000123}"#
        var record = try JSONDecoder().decode(PostRecord.self, from: Data(base.utf8))
        (record.text, record.value, record.silent, record.covers) = (text, value, silent, covers)
        return record
    }

    /// What Foundation's encoder writes for `record`, as the records were written before.
    static func encoded(_ record: PostRecord) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(record))
    }

    @Test("is byte for byte what JSONEncoder writes: every ASCII byte, CR LF, non-Latin scripts, emoji, slashes, optional fields")
    func matchesTheEncoder() throws {
        let everyASCII = String(decoding: (0..<0x80).map { UInt8($0) }, as: UTF8.self)
        let texts = [
            "", everyASCII, "line\r\nnext\n\ttab", "Kỳ 42: 🟢 XANH — \"7\" \\ /path/ ", "עברית ‏RTL‏ والعربية", "नमस्ते 👨‍👩‍👧 \u{2028}\u{2029}\u{7F}",
        ]
        var checked = 0
        for text in texts {
            for silent in [nil, true, false] as [Bool?] {
                for covers in [nil, [], [7], [5, 6, 7]] as [[Int64]?] {
                    let record = try Self.record(text: text, value: text.isEmpty ? "0" : "a\"b", silent: silent, covers: covers)
                    #expect(record.json() == (try Self.encoded(record)), "text \(text.debugDescription), silent \(String(describing: silent))")
                    #expect(record.jsonLine() == String(decoding: try Self.encoded(record), as: UTF8.self))
                    checked += 1
                }
            }
        }
        #expect(checked == 72)
    }

    @Test("reads back as the same record")
    func roundTrips() throws {
        let record = try Self.record(text: "x\u{1}y\"z", silent: false, covers: nil)
        #expect(try JSONDecoder().decode(PostRecord.self, from: Data(record.json())) == record)
    }
}

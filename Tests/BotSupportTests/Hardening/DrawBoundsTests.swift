// SPDX-License-Identifier: Apache-2.0
import BotSupport
import Testing

/// A draw has sane bounds (issue 19, item 7): a 100 KB value became 52 Discord and 18 Telegram
/// messages, 20,000 colour names 102 messages. A draw beyond the bounds is invalid, naming the
/// field; it is never split into a flood.
@Suite struct DrawBoundsTests {
    static func response(value: String, colors: [String]) -> [UInt8] {
        let names = colors.map { "\"\($0)\"" }.joined(separator: ",")
        return Array(#"{"data":{"records":[{"issue":1,"value":"\#(value)","resultFormatValueI18n":[\#(names)]}]}}"#.utf8)
    }

    @Test func aValueAtTheBoundIsTakenAndLongerIsRefused() throws {
        let longest = String(repeating: "7", count: DrawDecoder.maxValueLength)
        #expect(try DrawDecoder.decode(Self.response(value: longest, colors: ["Green"])).latest?.value == longest)
        for length in [DrawDecoder.maxValueLength + 1, 100_000] {
            let error = #expect(throws: UpstreamError.self) {
                try DrawDecoder.decode(Self.response(value: String(repeating: "7", count: length), colors: ["Green"]))
            }
            #expect(
                error?.message.hasPrefix("response field data.records[0].value: is \(length) characters long; a result value has at most 64") == true)
            #expect(error?.configKey == "upstream.mapping.value")
        }
    }

    @Test func tooManyColoursOrTooLongANameIsRefused() throws {
        let eight = Array(repeating: "Green", count: DrawDecoder.maxColors)
        #expect(try DrawDecoder.decode(Self.response(value: "7", colors: eight)).latest?.colors == eight)
        for count in [DrawDecoder.maxColors + 1, 20_000] {
            let error = #expect(throws: UpstreamError.self) {
                try DrawDecoder.decode(Self.response(value: "7", colors: Array(repeating: "Green", count: count)))
            }
            #expect(
                error?.message.hasPrefix("response field data.records[0].resultFormatValueI18n: has \(count) colours; a draw has at most 8") == true)
        }
        let long = String(repeating: "g", count: DrawDecoder.maxColorNameLength + 1)
        let error = #expect(throws: UpstreamError.self) { try DrawDecoder.decode(Self.response(value: "7", colors: ["Green", long])) }
        #expect(error?.message.contains("is 33 characters long; a colour name has at most 32") == true, "\(String(describing: error))")
        let split = Array(#"{"data":{"records":[{"issue":1,"value":"7","resultFormatValueI18n":"a,b,c,d,e,f,g,h,i"}]}}"#.utf8)
        #expect(throws: UpstreamError.self) { try DrawDecoder.decode(split) }
    }
}

// SPDX-License-Identifier: Apache-2.0

/// The JSON object that scripts read for a post (console `format: json`, webhook body):
/// `{"locale","issue","value","colors":[...],"text","posted_at_ms"}`.
package struct PostRecord: Codable, Sendable, Equatable {
    /// The bot's locale code.
    package var locale: String
    /// The issue number.
    package var issue: Int64
    /// The result value.
    package var value: String
    /// Lower-case colour names.
    package var colors: [String]
    /// The rendered message.
    package var text: String
    /// When it was posted, in milliseconds since 1970.
    package var postedAtMs: Int64
    /// Webhook sinks with `quiet_hours` only: whether the post falls in them (a receiver that
    /// notifies people should not); absent otherwise.
    package var silent: Bool?
    /// A digest only (`messages.digest`): the issues it covers, oldest first (`issue` is the
    /// newest); absent for one draw's post.
    package var covers: [Int64]?

    enum CodingKeys: String, CodingKey {
        case locale, issue, value, colors, text, postedAtMs = "posted_at_ms", silent, covers
    }

    /// The record of `post`.
    package init(_ post: Post) {
        locale = post.locale
        issue = post.draw.issue
        value = post.draw.value
        colors = post.colorNames
        text = post.text
        postedAtMs = post.postedAtMillis
        covers = post.covered.isEmpty ? nil : post.covered.map(\.issue)
    }

    /// One line of JSON, without a newline: what `JSONEncoder` writes with sorted keys and slashes
    /// unescaped, byte for byte (``json``).
    package func jsonLine() -> String {
        String(decoding: json(), as: UTF8.self)
    }

    /// The record as JSON, with sorted keys and slashes unescaped, byte for byte what `JSONEncoder`
    /// writes; written directly (a post's body, once per post: the encoder's generic machinery cost
    /// a reader more than the rest of the body's making).
    package func json() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 160)
        out += #"{"colors":["#.utf8
        for (index, color) in colors.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            Self.appendQuoted(color, to: &out)
        }
        out.append(UInt8(ascii: "]"))
        if let covers { out += #","covers":[\#(covers.map(String.init).joined(separator: ","))]"#.utf8 }
        out += #","issue":\#(issue),"locale":"#.utf8
        Self.appendQuoted(locale, to: &out)
        out += #","posted_at_ms":\#(postedAtMs)"#.utf8
        if let silent { out += (silent ? #","silent":true"# : #","silent":false"#).utf8 }
        out += #","text":"#.utf8
        Self.appendQuoted(text, to: &out)
        out += #","value":"#.utf8
        Self.appendQuoted(value, to: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// `text` as a JSON string, escaped as `JSONEncoder` escapes it: quote, backslash and the C0
    /// controls (`\n`, `\r`, `\t`, `\b`, `\f`, else `\u00XX`); every other byte as it is.
    private static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += #"\""#.utf8
            case UInt8(ascii: "\\"): out += #"\\"#.utf8
            case UInt8(ascii: "\n"): out += #"\n"#.utf8
            case UInt8(ascii: "\r"): out += #"\r"#.utf8
            case UInt8(ascii: "\t"): out += #"\t"#.utf8
            case 0x08: out += #"\b"#.utf8
            case 0x0C: out += #"\f"#.utf8
            case ..<0x20: out += #"\u00\#(byte < 0x10 ? "0" : "")\#(String(byte, radix: 16))"#.utf8
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

// SPDX-License-Identifier: Apache-2.0
import Foundation
import Yams

/// Writes a text as a YAML scalar that reads back as exactly that text: a `|-` block for a text
/// of several lines that a block keeps as written, else a double-quoted string with escapes.
enum YAMLScalar {
    /// `text` as the value of a key indented `indent` spaces: the first element goes after
    /// `key: `, the others are the following lines (a block's body, indented two more).
    static func lines(_ text: String, indent: Int) -> [String] {
        if text.contains("\n"), let block = block(text, indent: indent) { return block }
        return [quoted(text)]
    }

    /// `text` double-quoted, line breaks, tabs and other control characters escaped.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0xFEFF:
                out += String(format: "\\u%04X", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// `text` as a `|-` block, or nil when a block would not read back as `text` (a blank at the
    /// start, blanks at a line's end, a trailing line break, control characters).
    private static func block(_ text: String, indent: Int) -> [String]? {
        let body = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "  " + $0 }
        let document = "v: |-\n" + body.joined(separator: "\n") + "\n"
        guard let node = try? Yams.compose(yaml: document), node["v"]?.string == text else { return nil }
        let pad = String(repeating: " ", count: indent)
        return ["|-"] + body.map { $0.isEmpty ? "" : pad + $0 }
    }
}

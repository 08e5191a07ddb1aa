// SPDX-License-Identifier: Apache-2.0
/// Text from outside (Redis keys and values, a peer's answer) made safe to print on a terminal.
package enum TerminalText {
    /// `text` with every control character (C0, DEL, C1: an escape sequence could clear the
    /// screen or retitle the terminal) and every bidirectional override (which reorders what is
    /// shown) written as `\u{1B}`, so a planted key shows as what it is.
    package static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if needsEscape(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
/// Finds the aliases (`*name`) of a YAML text without composing it.
///
/// Yams checks each mapping for duplicate keys by hashing the keys, and an alias key is hashed as
/// the whole node it stands for: a few hundred bytes of nested anchors and aliases ("a billion
/// laughs") make that check run for hours, so a config or locale file could hang a bot's start,
/// `locales check` and a reload. `YAMLTree.parse` refuses a text with more than `limit` aliases
/// before Yams sees it; so few aliases can only expand a text a few hundred times.
///
/// The scan follows enough of YAML to leave out what is not an alias: quoted texts, block scalars
/// (`|`, `>`) and comments. Where it cannot tell (a line that goes on a plain text and starts with
/// `*`), it counts an alias: it may over-count, never under-count.
package enum YAMLAliasScan {
    /// The most aliases a text may use.
    package static let limit = 16

    /// The 1-based lines of the first `limit + 1` aliases of `text`.
    package static func aliasLines(in text: String) -> [Int] {
        var scan = Scanner(lines: lines(of: Array(text.utf8)))
        scan.run()
        return scan.found
    }

    /// The lines of `bytes`, split where libyaml breaks a line: at `\r\n`, `\r`, `\n`, NEL
    /// (U+0085), LS (U+2028) and PS (U+2029). The scan must see the lines the parser sees: split
    /// at `\n` alone, a file whose lines end in `\r` was one line to the scan, whose aliases after
    /// a `#` went uncounted, while libyaml expanded them all.
    package static func lines(of bytes: [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            let width: Int
            switch bytes[index] {
            case 0x0D: width = index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
            case 0x0A: width = 1
            case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0x85: width = 2
            case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                width = 3
            default:
                index += 1
                continue
            }
            lines.append(Array(bytes[start..<index]))
            index += width
            start = index
        }
        lines.append(Array(bytes[start...]))
        return lines
    }

    private struct Scanner {
        package let lines: [[UInt8]]
        package var found: [Int] = []
        package var row = 0
        package var col = 0
        /// Depth of `[` and `{`; inside them, block scalars and markers do not exist.
        package var flow = 0
        /// Whether the next token starts a node (where an alias, a quote or a block scalar may be).
        package var nodeStart = true
        /// The column of the key or marker that owns a block scalar on this line.
        package var owner = 0
        /// Whether the current token began a line (`owner` is set from it).
        package var atLineStart = true

        package init(lines: [[UInt8]]) { self.lines = lines }

        package func byte(_ row: Int, _ col: Int) -> UInt8? {
            row < lines.count && col < lines[row].count ? lines[row][col] : nil
        }

        package static func isSpace(_ byte: UInt8?) -> Bool { byte == nil || byte == 0x20 || byte == 0x09 || byte == 0x0D }

        package mutating func run() {
            while row < lines.count && found.count <= YAMLAliasScan.limit {
                if col == 0 { startLine() }
                guard let current = byte(row, col) else {
                    nextLine()
                    continue
                }
                if Self.isSpace(current) {
                    col += 1
                    continue
                }
                if current == UInt8(ascii: "#") && (col == 0 || Self.isSpace(byte(row, col - 1))) {
                    nextLine()
                    continue
                }
                token(current)
            }
        }

        package mutating func startLine() {
            let indent = lines[row].prefix { $0 == 0x20 }.count
            if flow == 0 {
                nodeStart = true
                owner = indent
                atLineStart = true
            }
        }

        package mutating func nextLine() {
            row += 1
            col = 0
        }

        package mutating func token(_ current: UInt8) {
            let isMarker = (current == UInt8(ascii: "-") || current == UInt8(ascii: "?")) && Self.isSpace(byte(row, col + 1))
            if structural(current, isMarker: isMarker) { return }
            guard nodeStart else {
                col += 1
                return
            }
            if flow == 0 && atLineStart && !isMarker { owner = col }
            nodeToken(current)
            atLineStart = false
        }

        /// A mapping's `:`, a block sequence or key marker, or a flow collection's punctuation:
        /// consumed, and true; anything else is left for `nodeToken`.
        private mutating func structural(_ current: UInt8, isMarker: Bool) -> Bool {
            if current == UInt8(ascii: ":") && (Self.isSpace(byte(row, col + 1)) || flow > 0) {
                col += 1
                nodeStart = true
                atLineStart = false
                return true
            }
            if nodeStart && flow == 0 && isMarker {
                owner = col
                col += 1
                return true
            }
            if flow > 0 && [UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "{")].contains(current) {
                if current != UInt8(ascii: ",") { flow += 1 }
                col += 1
                nodeStart = true
                return true
            }
            if flow > 0 && (current == UInt8(ascii: "]") || current == UInt8(ascii: "}")) {
                flow -= 1
                col += 1
                nodeStart = false
                return true
            }
            return false
        }

        /// The first character of a node: an alias (counted), a property, a flow collection, a
        /// quoted or block scalar, or a plain one.
        private mutating func nodeToken(_ current: UInt8) {
            switch current {
            case UInt8(ascii: "*"):
                found.append(row + 1)
                skipWord()
                nodeStart = false
            case UInt8(ascii: "&"), UInt8(ascii: "!"):
                skipWord()  // a property: the node follows
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                flow += 1
                col += 1
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                skipQuoted(current)
                nodeStart = false
            case UInt8(ascii: "|"), UInt8(ascii: ">"):
                if flow == 0 {
                    skipBlockScalar()
                } else {
                    col += 1
                    nodeStart = false
                }
            default:
                col += 1
                nodeStart = false
            }
        }

        /// Past an alias or property name: up to a space or, in flow, an indicator.
        package mutating func skipWord() {
            col += 1
            while let current = byte(row, col), !Self.isSpace(current),
                flow == 0 || ![UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}")].contains(current)
            {
                col += 1
            }
        }

        /// Past a quoted text. One that starts a line may be the rest of a plain text (YAML keys
        /// are one line): unless it closes on that line, its quote is taken as a plain character.
        package mutating func skipQuoted(_ quote: UInt8) {
            var (r, c) = (row, col + 1)
            while r < lines.count {
                guard let current = byte(r, c) else {
                    if atLineStart { break }
                    (r, c) = (r + 1, 0)
                    continue
                }
                if quote == UInt8(ascii: "\"") && current == UInt8(ascii: "\\") {
                    c += 2
                    continue
                }
                if current == quote {
                    if quote == UInt8(ascii: "'") && byte(r, c + 1) == quote {
                        c += 2
                        continue
                    }
                    (row, col) = (r, c + 1)
                    return
                }
                c += 1
            }
            col += 1  // not a quoted text after all
        }

        /// Past a block scalar's header and every line of its text: those indented more than its
        /// owner, at the first text line's indentation or more, and blank lines.
        package mutating func skipBlockScalar() {
            let header = lines[row][col...].prefix { !Self.isSpace($0) }
            let explicit = header.first { (0x31...0x39).contains($0) }.map { owner + Int($0 - 0x30) }
            var indent: Int?
            var r = row + 1
            while r < lines.count {
                let line = lines[r]
                let spaces = line.prefix { $0 == 0x20 }.count
                let blank = line.allSatisfy { Self.isSpace($0) }
                if blank {
                    r += 1
                    continue
                }
                let needed = indent ?? explicit ?? (spaces > owner ? spaces : Int.max)
                guard spaces >= needed, needed > owner else { break }
                indent = needed
                r += 1
            }
            row = r
            col = 0
        }
    }
}

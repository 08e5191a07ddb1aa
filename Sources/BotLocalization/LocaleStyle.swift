// SPDX-License-Identifier: Apache-2.0
import Foundation

/// How a locale writes what the engine inserts: the direction of its lines, its digits, and its
/// date and time formats (`direction`, `digits`, `date_pattern`, `date_skeleton`, `time_pattern`,
/// `time_skeleton` in a locale file). The defaults are those of a left-to-right locale with
/// Latin digits and CLDR's medium date and time styles.
public struct LocaleStyle: Sendable, Equatable {
    /// The direction a locale's lines are read in.
    public enum Direction: String, Sendable, CaseIterable {
        /// Left to right: the text goes out as rendered.
        case ltr
        /// Right to left: each inserted value is isolated (U+2068 … U+2069), each line starts with
        /// a right-to-left mark (U+200F), and the history strip stays in time order, left to right.
        case rtl
    }

    /// The digits the issue number and counts are written with.
    public enum Digits: String, Sendable, CaseIterable {
        /// ASCII digits, whatever the locale (`1234`).
        case latin
        /// The formatting locale's own digits (`hi_IN@numbers=deva` writes `१२३४`).
        case locale
    }

    /// A date or time format: a CLDR pattern written out (`dd/MM/y`) or a skeleton (`yMd`,
    /// `Hms`) that Foundation turns into the locale's own pattern with those fields.
    public enum Format: Sendable, Equatable {
        case pattern(String)
        case skeleton(String)
    }

    /// Left to right unless the locale says `direction: rtl`.
    public var direction: Direction = .ltr
    /// Latin digits unless the locale says `digits: locale`.
    public var digits: Digits = .latin
    /// The date's format; CLDR's medium date style when nil.
    public var date: Format?
    /// The time's format; CLDR's medium time style when nil.
    public var time: Format?

    /// The defaults.
    public init(direction: Direction = .ltr, digits: Digits = .latin, date: Format? = nil, time: Format? = nil) {
        self.direction = direction
        self.digits = digits
        self.date = date
        self.time = time
    }

    /// First strong isolate: starts an inserted value in a right-to-left line.
    public static let firstStrongIsolate: Character = "\u{2068}"
    /// Left-to-right isolate: starts the history strip, which reads in time order.
    public static let leftToRightIsolate: Character = "\u{2066}"
    /// Pop directional isolate: ends an isolated value.
    public static let popDirectionalIsolate: Character = "\u{2069}"
    /// Right-to-left mark: starts each line of a right-to-left message.
    public static let rightToLeftMark: Character = "\u{200F}"

    /// `value` isolated for a right-to-left line (as it is for left to right).
    public func isolate(_ value: String, leftToRight: Bool = false) -> String {
        guard direction == .rtl else { return value }
        let start = leftToRight ? Self.leftToRightIsolate : Self.firstStrongIsolate
        return "\(start)\(value)\(Self.popDirectionalIsolate)"
    }

    /// `text`, rendered for `format`, with a right-to-left mark at the start of each line that has
    /// text (as it is for left to right). Never inside markup or code: the marks and isolates that
    /// inserted values brought into an HTML tag's attributes (`<a href="…{{issue}}">`) or into code
    /// (`<code>`, `<pre>`, Markdown's backtick spans and fenced blocks, where a reader copies the
    /// text) are taken out, and code lines get no mark. Never doubled: a line that already starts
    /// with a mark (typed by the translator) keeps just that one. Discord's block syntax (`> `,
    /// `>>> `, `# `…`### `, `-# `, `- `, `* `, `1. `) stays first on its line, the mark after it.
    public func markLines(_ text: String, format: MessageFormat = .plain) -> String {
        guard direction == .rtl else { return text }
        let cleaned = BidiMarkup.strippedFromMarkupAndCode(text, format: format)
        var inFence = false
        var inPre = false
        var lines: [String] = []
        for line in cleaned.split(separator: "\n", omittingEmptySubsequences: false) {
            let fence = format == .markdown && line.hasPrefix("```")
            let code = inFence || fence || inPre || (format == .html && line.hasPrefix("<pre"))
            if fence { inFence.toggle() }
            if format == .html { inPre = BidiMarkup.preOpen(after: line, wasOpen: inPre) }
            lines.append(code ? String(line) : mark(line, format: format))
        }
        return lines.joined(separator: "\n")
    }

    /// `line` with a right-to-left mark first (after Discord's block syntax in Markdown), unless it
    /// is empty or already starts with a directional mark.
    private func mark(_ line: Substring, format: MessageFormat) -> String {
        guard !line.isEmpty else { return "" }
        let prefix = format == .markdown ? BidiMarkup.blockSyntax(of: line) : ""
        let rest = line.dropFirst(prefix.count)
        if let first = rest.unicodeScalars.first, BidiMarkup.strongMarks.contains(first) { return String(line) }
        return prefix + "\(Self.rightToLeftMark)" + rest
    }
}

/// Where right-to-left marks must not go: inside markup and code.
enum BidiMarkup {
    /// The directional formatting characters the engine inserts or a translator may type: marks
    /// (LRM, RLM, ALM), isolates (LRI, RLI, FSI, PDI) and embeddings (LRE, RLE, PDF, LRO, RLO).
    static let controls: Set<Unicode.Scalar> = [
        "\u{200E}", "\u{200F}", "\u{061C}", "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}",
        "\u{202A}", "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}",
    ]

    /// Marks that set a line's direction when they come first.
    static let strongMarks: Set<Unicode.Scalar> = ["\u{200F}", "\u{061C}", "\u{200E}", "\u{2067}", "\u{202B}", "\u{202E}"]

    /// The block syntax a Discord Markdown line starts with, with its space: `> `, `>>> `, `# `,
    /// `## `, `### `, `-# `, `- `, `* `, `1. `; empty when there is none.
    static func blockSyntax(of line: Substring) -> String {
        for marker in [">>> ", "> ", "### ", "## ", "# ", "-# ", "- ", "* "] where line.hasPrefix(marker) { return marker }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, line.dropFirst(digits.count).hasPrefix(". ") { return digits + ". " }
        return ""
    }

    /// Whether a `<pre>` block is open after `line`, given whether one was before it.
    static func preOpen(after line: Substring, wasOpen: Bool) -> Bool {
        let opened = line.ranges(of: "<pre").last?.lowerBound
        let closed = line.ranges(of: "</pre>").last?.lowerBound
        switch (opened, closed) {
        case (nil, nil): return wasOpen
        case (.some, nil): return true
        case (nil, .some): return false
        case (.some(let open), .some(let close)): return open > close
        }
    }

    /// `text` without directional controls inside HTML tags and code elements (`.html`), or inside
    /// Markdown code spans and fenced blocks (`.markdown`); plain text is left as it is.
    static func strippedFromMarkupAndCode(_ text: String, format: MessageFormat) -> String {
        switch format {
        case .plain: return text
        case .html: return strippedHTML(text)
        case .markdown: return strippedMarkdown(text)
        }
    }

    private static func strippedHTML(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var inTag = false
        var codeDepth = 0
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if !inTag && scalar == "<" {
                inTag = true
                let name = tagName(scalars, from: index + 1)
                if name == "code" || name == "pre" { codeDepth += 1 }
                if name == "/code" || name == "/pre" { codeDepth = max(0, codeDepth - 1) }
            } else if inTag && scalar == ">" {
                inTag = false
            }
            if !(controls.contains(scalar) && (inTag || codeDepth > 0)) { out.append(scalar) }
            index += 1
        }
        return String(out)
    }

    /// The lowercased name of the tag starting at `start` (after its `<`), with `/` for a closing one.
    private static func tagName(_ scalars: [Unicode.Scalar], from start: Int) -> String {
        var name = ""
        var index = start
        while index < scalars.count, name.count < 8, scalars[index] == "/" || scalars[index].properties.isAlphabetic {
            name.unicodeScalars.append(scalars[index])
            index += 1
        }
        return name.lowercased()
    }

    private static func strippedMarkdown(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var inSpan = false
        var inFence = false
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\\", index + 1 < scalars.count, !inSpan, !inFence {
                out.append(scalar)
                out.append(scalars[index + 1])  // an escaped character is text, never a delimiter
                index += 2
                continue
            }
            if scalar == "`" {
                if index + 2 < scalars.count, scalars[index + 1] == "`", scalars[index + 2] == "`", !inSpan {
                    inFence.toggle()
                    out.append(contentsOf: scalars[index...(index + 2)])
                    index += 3
                    continue
                }
                if !inFence { inSpan.toggle() }
            }
            if !(controls.contains(scalar) && (inSpan || inFence)) { out.append(scalar) }
            index += 1
        }
        return String(out)
    }
}

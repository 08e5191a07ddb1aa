// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotLocalization

/// A message's chat markup as HTML a browser shows the way the chat would: Telegram's HTML
/// subset kept (every other tag shown as text), Discord's Markdown turned into the same few tags.
enum ChatMarkup {
    /// Tags Telegram's `parse_mode: HTML` accepts; `a` keeps its `href` only.
    static let telegramTags: Set<String> = [
        "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "code", "pre", "a", "blockquote", "tg-spoiler", "span",
    ]

    /// Telegram HTML as browser HTML: the allowed tags kept (without attributes, but an `a`'s
    /// `href`), everything else escaped, line breaks kept.
    static func telegram(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "<") {
            out += String(rest[..<open]).replacingNewlines()
            guard let close = rest[open...].firstIndex(of: ">") else {
                out += escape(String(rest[open...]))
                return out
            }
            let tag = rest[rest.index(after: open)..<close]
            out += allowedTag(tag) ?? escape(String(rest[open...close]))
            rest = rest[rest.index(after: close)...]
        }
        return out + String(rest).replacingNewlines()
    }

    /// `tag` (what is between `<` and `>`) rebuilt when Telegram allows it, or nil.
    private static func allowedTag(_ tag: Substring) -> String? {
        let closing = tag.hasPrefix("/")
        let body = closing ? tag.dropFirst() : tag
        let name = body.prefix { $0.isLetter || $0 == "-" }.lowercased()
        guard telegramTags.contains(name) else { return nil }
        if closing { return "</\(name)>" }
        if name == "a", let href = attribute("href", in: body) { return "<a href=\"\(escape(href))\">" }
        if name == "span", body.contains("tg-spoiler") { return "<span class=\"tg-spoiler\">" }
        return "<\(name)>"
    }

    private static func attribute(_ name: String, in tag: Substring) -> String? {
        guard let start = tag.range(of: "\(name)=\"") else { return nil }
        let value = tag[start.upperBound...]
        guard let end = value.firstIndex(of: "\"") else { return nil }
        return String(value[..<end])
    }

    /// Discord Markdown as HTML: `**bold**`, `__underline__`, `*italic*`/`_italic_`, `~~strike~~`,
    /// `` `code` ``, `> ` quotes and `#` headings at a line's start; the rest escaped.
    static func discord(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var line = Substring(line)
            // A line may start with a direction mark; Discord's block syntax must still be seen after it.
            var marks = ""
            while let first = line.first, first.unicodeScalars.allSatisfy({ bidiMarks.contains($0.value) }) {
                marks.append(first)
                line = line.dropFirst()
            }
            if line.hasPrefix("> ") { return "<blockquote>\(marks)\(inline(line.dropFirst(2)))</blockquote>" }
            for level in (1...3).reversed() where line.hasPrefix(String(repeating: "#", count: level) + " ") {
                return "<h\(level + 2)>\(marks)\(inline(line.dropFirst(level + 1)))</h\(level + 2)>"
            }
            return marks + inline(line)
        }.joined(separator: "<br>")
    }

    /// LRM, RLM, ALM and the isolates and embeddings.
    static let bidiMarks: Set<UInt32> = [0x200E, 0x200F, 0x061C, 0x2066, 0x2067, 0x2068, 0x2069, 0x202A, 0x202B, 0x202C]

    /// One line's inline Markdown as HTML. A backslash escape (`\:`, `\*`) shows its character and
    /// takes no part in the markup, as in Discord.
    private static func inline(_ text: Substring) -> String {
        var escaped: [Character] = []
        var plain = ""
        var rest = text[...]
        while let first = rest.first {
            rest = rest.dropFirst()
            if first == "\\", let next = rest.first, next.isASCII, next.isPunctuation || next.isSymbol {
                rest = rest.dropFirst()
                plain.unicodeScalars.append(Unicode.Scalar(0xE000 + UInt32(escaped.count))!)
                escaped.append(next)
            } else {
                plain.append(first)
            }
        }
        var html = escape(plain)
        for (mark, tag) in [("**", "b"), ("__", "u"), ("~~", "s"), ("`", "code"), ("*", "i"), ("_", "i")] {
            html = pairs(html, mark: mark, tag: tag)
        }
        guard !escaped.isEmpty else { return html }
        return String(html.unicodeScalars.map { scalar -> String in
            let index = Int(scalar.value) - 0xE000
            return escaped.indices.contains(index) ? escape(String(escaped[index])) : String(scalar)
        }.joined())
    }

    /// Replaces each pair of `mark` with `<tag>`…`</tag>`; an unpaired mark stays as it is.
    private static func pairs(_ text: String, mark: String, tag: String) -> String {
        let parts = text.components(separatedBy: mark)
        guard parts.count >= 3 else { return text }
        var out = parts[0]
        var index = 1
        while index < parts.count {
            if index + 1 < parts.count {
                out += "<\(tag)>\(parts[index])</\(tag)>" + parts[index + 1]
                index += 2
            } else {
                out += mark + parts[index]
                index += 1
            }
        }
        return out
    }

    /// `text` with `&`, `<`, `>` and `"` escaped, as for Telegram: fit for HTML text and attributes.
    static func escape(_ text: String) -> String { MessageFormat.html.escape(text) }
}

extension String {
    fileprivate func replacingNewlines() -> String {
        split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "<br>")
    }
}

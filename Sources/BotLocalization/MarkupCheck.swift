// SPDX-License-Identifier: Apache-2.0
import BotSupport
/// Finds template text a chat sink's markup would misread: the template's own text goes to the
/// sink as written (only inserted values are escaped), so a raw `&`, `<` or `>` makes Telegram's
/// HTML parse mode reject the post, and an unbalanced `*`, `_`, `~` or `` ` `` reformats a
/// Discord post. Telegram's own tags (`<b>`, `</i>`, `<a href="…">`) and entities (`&amp;`) are
/// markup a translator may mean, and pass.
enum MarkupCheck {
    /// Characters Telegram's HTML parse mode needs as entities.
    static let htmlSpecial: [Character: String] = ["&": "&amp;", "<": "&lt;", ">": "&gt;"]
    /// Telegram's tags without attributes, as written after the `<`, closing tags included.
    static let telegramTags: [Substring] = {
        let names = ["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "code", "pre", "tg-spoiler", "blockquote", "span", "a"]
        return (names.flatMap { ["\($0)>", "/\($0)>"] } + ["span class=\"tg-spoiler\">"]).map { Substring($0) }
    }()
    /// The named entities Telegram reads, as written after the `&`.
    static let telegramEntities: [Substring] = ["amp;", "lt;", "gt;", "quot;"]

    /// The end of the Telegram tag (`<b>`, `</i>`, `<a href="…">`) or entity (`&amp;`, `&#39;`,
    /// `&#x27;`) `text` starts with, if it starts with one. Matched by hand, without building a
    /// regular expression per character, so a check is linear in the text's length.
    static func telegramMarkup(at text: Substring) -> Substring.Index? {
        guard let first = text.first, first == "<" || first == "&" else { return nil }
        let rest = text.dropFirst()
        if first == "<" {
            if let tag = telegramTags.first(where: { rest.hasPrefix($0) }) { return rest.index(rest.startIndex, offsetBy: tag.count) }
            guard rest.hasPrefix("a href=\"") else { return nil }
            let link = rest.dropFirst(8)
            guard let quote = link.firstIndex(where: { $0 == "\"" || $0 == "<" || $0 == ">" }), link[quote] == "\"" else { return nil }
            let after = link[link.index(after: quote)...]
            return after.first == ">" ? after.index(after: after.startIndex) : nil
        }
        if let entity = telegramEntities.first(where: { rest.hasPrefix($0) }) { return rest.index(rest.startIndex, offsetBy: entity.count) }
        guard rest.first == "#" else { return nil }
        var digits = rest.dropFirst()
        let hex = digits.first == "x"
        if hex { digits = digits.dropFirst() }
        let number = digits.prefix { hex ? $0.isHexDigit : ($0.isASCII && $0.isNumber) }
        guard !number.isEmpty, number.endIndex < digits.endIndex, digits[number.endIndex] == ";" else { return nil }
        return digits.index(after: number.endIndex)
    }
    /// Discord Markdown's emphasis and code marks, which must come in pairs.
    static let markdownPairs: [Character] = ["*", "_", "~", "`"]

    /// The problems of the template text `entry` under `key`, each naming its line.
    static func problems(key: String, entry: LocaleSource.Entry) -> [FileError] {
        var found: [FileError] = []
        let lines = literalText(entry.text).split(separator: "\n", omittingEmptySubsequences: false)
        func line(_ index: Int) -> Int? { entry.contentLine.map { $0 + index } }
        var lastLine: [Character: Int] = [:]
        var counts: [Character: Int] = [:]
        for (index, text) in lines.enumerated() {
            var position = text.startIndex
            while position < text.endIndex {
                let rest = text[position...]
                if let end = telegramMarkup(at: rest) {
                    position = end
                    continue
                }
                let character = text[position]
                position = text.index(after: position)
                if let entity = htmlSpecial[character] {
                    found.append(
                        FileError(
                            .invalidValue, file: entry.file, key: key, line: line(index),
                            "a raw '\(character)' breaks Telegram's HTML: write \(entity), or reword"
                        )
                    )
                }
                if markdownPairs.contains(character) {
                    counts[character, default: 0] += 1
                    lastLine[character] = index
                }
            }
        }
        for mark in markdownPairs where counts[mark, default: 0] % 2 == 1 {
            found.append(
                FileError(
                    .invalidValue, file: entry.file, key: key, line: line(lastLine[mark]!),
                    "an unbalanced '\(mark)' reformats a Discord post (Markdown pairs it with the next one): use it in pairs, or reword"
                )
            )
        }
        return found
    }

    /// `text` with its tags (`{{issue}}`, `{{#one}}`: from a `{{` to the next `}}`) taken out,
    /// line breaks kept; in one pass.
    static func literalText(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "{"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "{") {
                var end = index + 2
                while end + 1 < bytes.count, !(bytes[end] == UInt8(ascii: "}") && bytes[end + 1] == UInt8(ascii: "}")) { end += 1 }
                if end + 1 < bytes.count {
                    out += bytes[index..<end + 2].filter { $0 == UInt8(ascii: "\n") }
                    index = end + 2
                    continue
                }
            }
            out.append(bytes[index])
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}

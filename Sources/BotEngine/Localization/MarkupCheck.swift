/// Finds template text a chat sink's markup would misread: the template's own text goes to the
/// sink as written (only inserted values are escaped), so a raw `&`, `<` or `>` makes Telegram's
/// HTML parse mode reject the post, and an unbalanced `*`, `_`, `~` or `` ` `` reformats a
/// Discord post. Telegram's own tags (`<b>`, `</i>`, `<a href="…">`) and entities (`&amp;`) are
/// markup a translator may mean, and pass.
enum MarkupCheck {
    /// Characters Telegram's HTML parse mode needs as entities.
    static let htmlSpecial: [Character: String] = ["&": "&amp;", "<": "&lt;", ">": "&gt;"]
    /// The length of the Telegram tag (`<b>`, `</i>`, `<a href="…">`) or entity (`&amp;`) `text`
    /// starts with, if it starts with one.
    static func telegramMarkup(at text: Substring) -> Substring.Index? {
        let tag = /^<(\/?(b|strong|i|em|u|ins|s|strike|del|code|pre|tg-spoiler|blockquote|span|a)|a href="[^"<>]*"|span class="tg-spoiler")>/
        let entity = /^&(amp|lt|gt|quot|#[0-9]+|#x[0-9a-fA-F]+);/
        return text.prefixMatch(of: tag)?.range.upperBound ?? text.prefixMatch(of: entity)?.range.upperBound
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

    /// `text` with its Mustache tags (`{{issue}}`, `{{#one}}`) taken out, line breaks kept.
    static func literalText(_ text: String) -> String {
        text.replacing(/\{\{[^}]*\}\}/, with: "")
    }
}

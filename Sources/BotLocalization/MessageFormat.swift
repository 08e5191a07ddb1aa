// SPDX-License-Identifier: Apache-2.0
/// The markup a sink's messages are written in. Values inserted into a template (issue, value,
/// colour labels, …) are escaped for it, so a value holding `<b>`, `&` or `_` is posted literally;
/// the template's own markup is kept as the translator wrote it.
public enum MessageFormat: String, Sendable, CaseIterable {
    /// No markup: values go in as they are (console, JSON).
    case plain
    /// Telegram's HTML parse mode: `<`, `>`, `&` and `"` become entities.
    case html
    /// Discord's Markdown: Markdown's special characters get a backslash.
    case markdown

    /// `text` escaped for this format.
    public func escape(_ text: String) -> String {
        switch self {
        case .plain:
            return text
        case .html:
            var out = ""
            out.reserveCapacity(text.utf8.count)
            for character in text {
                switch character {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "\"": out += "&quot;"
                default: out.append(character)
                }
            }
            return out
        case .markdown:
            var out = ""
            out.reserveCapacity(text.utf8.count)
            for character in text {
                if "\\*_~`|>#[]()-.!<@:".contains(character) { out.append("\\") }
                out.append(character)
            }
            return out
        }
    }
}

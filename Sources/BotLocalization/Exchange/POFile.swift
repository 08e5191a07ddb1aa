// SPDX-License-Identifier: Apache-2.0
import Foundation

/// A locale as a gettext PO file: one entry per key (`msgctxt` the key), the reference text as
/// `msgid`, the translation as `msgstr`, the placeholders and an example as `#.` comments, stale
/// translations `#, fuzzy` with the reference text they were made from as `#| msgid`.
///
/// Plural and select messages stay one entry with the whole template as its text: gettext's own
/// plurals (`msgid_plural`, `msgstr[n]`) choose on one number only, while a template chooses on
/// several placeholders, colours and exact values; PO tools (Poedit, Weblate, Crowdin) keep a
/// `msgstr` as written.
enum POFile {
    /// The PO text of `catalog`.
    static func write(_ catalog: ExchangeCatalog) -> String {
        let header =
            [
                "Project-Id-Version: redgreen-bot", "Report-Msgid-Bugs-To: ", "PO-Revision-Date: \(revisionDate())",
                "Last-Translator: ", "Language-Team: ", "Language: \(catalog.code.replacingOccurrences(of: "-", with: "_"))",
                "MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: 8bit",
            ] + (PluralForms.of(catalog.code).map { ["Plural-Forms: \($0)"] } ?? []) + [
                "X-RedGreen-Locale: \(catalog.code)", "X-RedGreen-Reference: \(catalog.reference)",
            ]
        var out = "# \(catalog.code): the RedGreen bots' texts, translated from \(catalog.reference) (redgreen-bot locales export).\n"
        out += "msgid \"\"\n" + string("msgstr", header.map { $0 + "\n" }.joined())
        for entry in catalog.entries {
            out += "\n"
            for note in entry.notes { out += note.split(separator: "\n", omittingEmptySubsequences: false).map { "#. \($0)\n" }.joined() }
            if entry.state == .stale { out += "#, fuzzy\n" }
            if let previous = entry.previousSource { out += string("msgid", previous).split(separator: "\n").map { "#| \($0)\n" }.joined() }
            out += string("msgctxt", entry.key) + string("msgid", entry.source) + string("msgstr", entry.target ?? "")
        }
        return out
    }

    /// Now, as gettext writes dates (`2026-12-07 14:58+0000`).
    private static func revisionDate() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mmZ"
        return formatter.string(from: Date())
    }

    /// `keyword "text"`, a text of several lines split after each line break.
    private static func string(_ keyword: String, _ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var pieces = lines.enumerated().map { $0.offset < lines.count - 1 ? $0.element + "\n" : $0.element }
        if pieces.last == "" { pieces.removeLast() }
        guard pieces.count > 1 else { return "\(keyword) \"\(escape(text))\"\n" }
        return "\(keyword) \"\"\n" + pieces.map { "\"\(escape(String($0)))\"\n" }.joined()
    }

    private static let escapes: [Character: String] = ["\\": "\\\\", "\"": "\\\"", "\n": "\\n", "\t": "\\t", "\r": "\\r"]

    private static func escape(_ text: String) -> String {
        text.reduce(into: "") { out, character in
            if let escaped = escapes[character] { out += escaped } else { out.append(character) }
        }
    }
}

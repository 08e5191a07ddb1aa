// SPDX-License-Identifier: Apache-2.0
import BotSupport
extension POFile {
    /// The entries of the PO `text` (the file `file`), for `locales import`: the locale from the
    /// header's `X-RedGreen-Locale` (else `Language`), each entry's key from its `msgctxt`.
    static func read(_ text: String, file: String) throws(FileError) -> ImportedCatalog {
        var reader = EntryReader(file: file)
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            try reader.take(raw.trimmingBlanks, line: offset + 1)
        }
        try reader.finish()
        return ImportedCatalog(code: try code(from: reader.header, file: file), entries: reader.entries, isICU: false)
    }

    /// Collects entries line by line: comments and flags, then `msgctxt`, `msgid`, `msgstr` with
    /// their continuation strings; a blank line or the next entry's first line ends one.
    private struct EntryReader {
        let file: String
        var entries: [(key: String, entry: ImportedEntry)] = []
        var header: String?
        private var fields: [String: String] = [:]
        private var fuzzy = false
        private var current: String?
        private var startLine: Int?

        init(file: String) {
            self.file = file
        }

        mutating func take(_ trimmed: String, line: Int) throws(FileError) {
            if trimmed.isEmpty { return try finish() }
            if trimmed.hasPrefix("#") {
                if fields["msgid"] != nil { try finish() }
                if trimmed.hasPrefix("#,"), trimmed.dropFirst(2).split(separator: ",").contains(where: { $0.trimmingBlanks == "fuzzy" }) {
                    fuzzy = true
                }
                startLine = startLine ?? line
            } else if trimmed.hasPrefix("\"") {
                guard let current else { throw fail(line, "a string continues no msgid, msgstr or msgctxt") }
                fields[current, default: ""] += try POFile.unquote(trimmed, line: line, file: file)
            } else {
                let parts = trimmed.split(separator: " ", maxSplits: 1).map(String.init)
                guard ["msgctxt", "msgid", "msgstr"].contains(parts[0]), parts.count == 2 else {
                    throw fail(line, "'\(parts[0])' is not supported here (msgctxt, msgid, msgstr; plural entries are not used)")
                }
                if parts[0] != "msgstr", fields["msgid"] != nil || (parts[0] == "msgctxt" && fields["msgctxt"] != nil) { try finish() }
                startLine = startLine ?? line
                current = parts[0]
                fields[parts[0]] = try POFile.unquote(parts[1], line: line, file: file)
            }
        }

        mutating func finish() throws(FileError) {
            defer { (fields, fuzzy, current, startLine) = ([:], false, nil, nil) }
            guard let msgid = fields["msgid"] else {
                if !fields.isEmpty, let startLine { throw fail(startLine, "an entry without msgid") }
                return
            }
            guard let key = fields["msgctxt"] else {
                guard msgid.isEmpty, header == nil else { throw fail(startLine ?? 0, "an entry without msgctxt (the key)") }
                header = fields["msgstr"] ?? ""
                return
            }
            if entries.contains(where: { $0.key == key }) { throw fail(startLine ?? 0, "the key \(key) is given twice") }
            let entry = ImportedEntry(source: msgid, target: fields["msgstr"] ?? "", confirmation: fuzzy ? .no : .yes, line: startLine)
            entries.append((key, entry))
        }

        private func fail(_ line: Int, _ message: String) -> FileError { FileError(.syntax, file: file, key: "", line: line, message) }
    }

    private static func code(from header: String?, file: String) throws(FileError) -> String {
        var values: [String: String] = [:]
        for line in (header ?? "").split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            values[String(line[..<colon])] = String(line[line.index(after: colon)...]).trimmingBlanks
        }
        if let code = values["X-RedGreen-Locale"], !code.isEmpty { return code }
        if let language = values["Language"], !language.isEmpty { return language.replacingOccurrences(of: "_", with: "-") }
        throw FileError(.missingKey, file: file, key: "Language", "the PO header names no locale (Language: or X-RedGreen-Locale:)")
    }

    fileprivate static func unquote(_ quoted: String, line: Int, file: String) throws(FileError) -> String {
        guard quoted.count >= 2, quoted.hasPrefix("\""), quoted.hasSuffix("\"") else {
            throw FileError(.syntax, file: file, key: "", line: line, "'\(quoted.prefix(40))' is not a quoted string")
        }
        var out = ""
        var escaped = false
        for character in quoted.dropFirst().dropLast() {
            if escaped {
                switch character {
                case "n": out += "\n"
                case "t": out += "\t"
                case "r": out += "\r"
                case "\\", "\"": out.append(character)
                default: throw FileError(.syntax, file: file, key: "", line: line, "unknown escape '\\\(character)'")
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                out.append(character)
            }
        }
        return out
    }
}

extension StringProtocol {
    /// Without the spaces and tabs around it.
    fileprivate var trimmingBlanks: String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !blank($0) }), let last = lastIndex(where: { !blank($0) }) else { return "" }
        return String(self[first...last])
    }
}

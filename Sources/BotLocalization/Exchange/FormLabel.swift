// SPDX-License-Identifier: Apache-2.0
import BotSupport
import Yams

/// Where a locale file writes the `label` of a colour or a game that has forms
/// (`red: {label: "КРАСНЫЙ", object: "красного"}`), so that an import changes the label alone.
struct FormLabel {
    /// The line of the `label:` key (1-based).
    var line: Int
    /// In a flow mapping (`{label: …, object: …}`), the label's value on that line, in Unicode
    /// scalars (its quotes included); nil in a block mapping, where the line is the key's own.
    var columns: Range<Int>?

    /// The label of `key` (`colors.red`, `games.RG5M`) in `text`; nil when the key is not a
    /// colour or a game written as a mapping.
    static func find(_ key: String, in text: String, file: String) throws(FileError) -> FormLabel? {
        let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, parts[0] == "colors" || parts[0] == "games",
            let root = try? Yams.compose(yaml: text)?.mapping,
            let section = root.first(where: { $0.key.string == parts[0] })?.value.mapping,
            let item = section.first(where: { name($0.key.string, matches: parts[1], in: parts[0]) })?.value.mapping,
            let (labelKey, labelValue) = item.first(where: { $0.key.string?.lowercased() == "label" }),
            let line = labelKey.mark?.line
        else { return nil }
        // A composed node keeps no style: a flow mapping is one that starts with its `{`.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = item.mark, start.line <= lines.count,
            Array(lines[start.line - 1].unicodeScalars).dropFirst(start.column - 1).first == "{"
        else { return FormLabel(line: line, columns: nil) }
        guard let mark = labelValue.mark, mark.line <= lines.count,
            let columns = scalarRange(in: Array(lines[mark.line - 1].unicodeScalars), from: mark.column - 1)
        else {
            let at = labelValue.mark?.line ?? line
            throw FileError(.syntax, file: file, key: key, line: at, "write the label on one line to import it into its place")
        }
        return FormLabel(line: mark.line, columns: columns)
    }

    /// `line` with the Unicode scalars `columns` replaced by `text`.
    static func replacing(_ columns: Range<Int>, of line: String, with text: String) -> String {
        var scalars = Array(line.unicodeScalars)
        scalars.replaceSubrange(columns, with: text.unicodeScalars)
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars)
        return String(out)
    }

    /// Whether the key `written` names `name` of `section`: colours case-insensitively, games as written.
    private static func name(_ written: String?, matches name: String, in section: String) -> Bool {
        section == "colors" ? written?.lowercased() == name : written == name
    }

    /// The extent of the flow scalar that starts at `start` of `line`: a quoted one to its closing
    /// quote, a plain one to the `,` or `}` that ends it (trailing blanks left out); nil when it
    /// does not end on the line.
    private static func scalarRange(in line: [Unicode.Scalar], from start: Int) -> Range<Int>? {
        guard start >= 0, start < line.count else { return nil }
        var index = start + 1
        switch line[start] {
        case "\"":
            while index < line.count {
                if line[index] == "\\" { index += 2; continue }
                if line[index] == "\"" { return start..<(index + 1) }
                index += 1
            }
            return nil
        case "'":
            while index < line.count {
                if line[index] == "'" {
                    if index + 1 < line.count, line[index + 1] == "'" { index += 2; continue }
                    return start..<(index + 1)
                }
                index += 1
            }
            return nil
        default:
            while index < line.count, !",}]".unicodeScalars.contains(line[index]), !(line[index] == "#" && line[index - 1] == " ") { index += 1 }
            guard index < line.count else { return nil }
            while index > start + 1, line[index - 1] == " " || line[index - 1] == "\t" { index -= 1 }
            return start..<index
        }
    }
}

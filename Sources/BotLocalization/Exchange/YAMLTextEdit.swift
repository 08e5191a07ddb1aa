// SPDX-License-Identifier: Apache-2.0
import BotSupport
import Foundation

/// Sets one text of a locale file in the file's own text, leaving every other line (comments,
/// order, quoting) as written: the key's line and its value's lines are replaced, a key the file
/// lacks is added at the end of its section (or of the file). A colour or a game written with
/// forms (`red: {label: …, object: …}`) has only its `label` replaced, its forms kept as written.
enum YAMLTextEdit {
    /// `text` (the file `file`) with `key` (`messages.result`, `name`) set to `value`.
    static func setting(_ key: String, to value: String, in text: String, file: String, code: String) throws(FileError) -> String {
        let source = LocaleSource(try YAMLTree.parse(text, file: file), code: code)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
        if let label = try FormLabel.find(key, in: text, file: file) {
            if let columns = label.columns {
                lines[label.line - 1] = FormLabel.replacing(columns, of: lines[label.line - 1], with: YAMLScalar.quoted(value))
            } else {
                try replaceValue(at: label.line, with: value, in: &lines, file: file, key: key)
            }
        } else if let line = source.keyLines[key], line >= 1, line <= lines.count {
            try replaceValue(at: line, with: value, in: &lines, file: file, key: key)
        } else if parts.count == 2, let line = source.keyLines[parts[0]], line >= 1, line <= lines.count {
            let end = extent(of: line - 1, indent: 0, in: lines)
            let value = YAMLScalar.lines(value, indent: 2)
            lines.insert(contentsOf: ["  \(parts[1]): \(value[0])"] + value.dropFirst(), at: end)
        } else {
            while lines.last == "" { lines.removeLast() }
            let indent = parts.count == 2 ? 2 : 0
            let value = YAMLScalar.lines(value, indent: indent)
            if parts.count == 2 { lines.append("\(parts[0]):") }
            lines += ["\(String(repeating: " ", count: indent))\(parts.last!): \(value[0])"] + value.dropFirst() + [""]
        }
        return lines.joined(separator: "\n")
    }

    /// Replaces the value of the key on line `line` (1-based), and the value's lines below it, by `value`.
    private static func replaceValue(at line: Int, with value: String, in lines: inout [String], file: String, key: String) throws(FileError) {
        let start = line - 1
        let indent = lines[start].prefix { $0 == " " }.count
        guard let colon = lines[start].range(of: ": ") ?? (lines[start].hasSuffix(":") ? lines[start].range(of: ":", options: .backwards) : nil)
        else { throw FileError(.syntax, file: file, key: key, line: line, "the key's line has no ': ' to set its value after") }
        let end = extent(of: start, indent: indent, in: lines)
        let prefix = String(lines[start][..<colon.lowerBound]) + ":"
        let value = YAMLScalar.lines(value, indent: indent)
        lines.replaceSubrange(start..<end, with: ["\(prefix) \(value[0])"] + value.dropFirst())
    }

    /// The index just past the lines of the value that starts on line `start` (its key's, indented
    /// `indent`): the lines indented deeper, blank ones between them included.
    private static func extent(of start: Int, indent: Int, in lines: [String]) -> Int {
        var end = start + 1
        while end < lines.count, lines[end].allSatisfy(\.isWhitespace) || lines[end].prefix(while: { $0 == " " }).count > indent { end += 1 }
        while end > start + 1, lines[end - 1].allSatisfy(\.isWhitespace) { end -= 1 }
        return end
    }
}

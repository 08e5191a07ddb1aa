// SPDX-License-Identifier: Apache-2.0
import Foundation
import Yams

/// A parsed YAML document read key by key, so that every error names the file, the dotted key
/// and the line, and keys nobody reads can be reported as unknown (a typo is an error, not a
/// silently ignored setting).
package struct YAMLTree {
    package let file: String
    package let node: Node
    package let path: String

    /// Parses `text`; a syntax error names its line and column. A text with more aliases than
    /// `YAMLAliasScan.limit` is refused before parsing, as it could take Yams hours.
    package static func parse(_ text: String, file: String) throws(FileError) -> YAMLTree {
        let aliases = YAMLAliasScan.aliasLines(in: text)
        if aliases.count > YAMLAliasScan.limit {
            throw FileError(
                .syntax, file: file, key: "", line: aliases[YAMLAliasScan.limit],
                "more than \(YAMLAliasScan.limit) YAML aliases (*name): too many to expand safely (quote a text that starts with *)"
            )
        }
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw FileError(.syntax, file: file, key: "", "the file is empty")
            }
            return YAMLTree(file: file, node: node, path: "")
        } catch let error as FileError {
            throw error
        } catch let error as YamlError {
            throw YAMLTree.describe(error, file: file)
        } catch {
            throw FileError(.syntax, file: file, key: "", "does not parse as YAML: \(error)")
        }
    }

    /// Reads and parses the file at `path`: a regular file of UTF-8 text, at most
    /// `TextFile.defaultLimit` bytes.
    package static func load(path: String) throws(FileError) -> YAMLTree {
        try parse(TextFile.contents(path: path), file: path)
    }

    private static func describe(_ error: YamlError, file: String) -> FileError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return FileError(
                .syntax, file: file, key: "", line: mark.line, column: mark.column, "YAML syntax error at column \(mark.column): \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return FileError(
                .syntax, file: file, key: duplicates.joined(separator: ", "), line: context.mark.line,
                "the key appears more than once"
            )
        default:
            return FileError(.syntax, file: file, key: "", "does not parse as YAML: \(error)")
        }
    }

    package var line: Int? { node.mark?.line }

    /// The line a scalar's text starts on: the next line for a block scalar (`|`, `>`).
    package var contentLine: Int? {
        if case .scalar(let scalar) = node, scalar.style == .literal || scalar.style == .folded { return line.map { $0 + 1 } }
        return line
    }

    package func error(_ code: FileError.Code, _ message: String) -> FileError {
        FileError(code, file: file, key: path, line: line, message)
    }

    private func child(_ key: String, _ node: Node) -> YAMLTree {
        YAMLTree(file: file, node: node, path: path.isEmpty ? key : "\(path).\(key)")
    }

    // MARK: Mappings

    /// The keys of this mapping, checked against `allowed`: an unknown key is an error.
    package func mapping(allowed: Set<String>) throws(FileError) -> [String: YAMLTree] {
        var out: [String: YAMLTree] = [:]
        for entry in try entries() {
            if !allowed.isEmpty && !allowed.contains(entry.key) {
                throw unknownKey(entry, allowed: allowed)
            }
            out[entry.key] = entry.value
        }
        return out
    }

    /// One key of a mapping, with the line the key is on.
    package struct Entry {
        package let key: String
        package let line: Int?
        package let value: YAMLTree
    }

    /// True when the value is a mapping (`red: {label: …, object: …}`), not a text.
    package var isMapping: Bool {
        if case .mapping = node { return true }
        return false
    }

    /// The keys of this mapping in document order, unchecked, for readers that report every
    /// unknown key rather than stop at the first.
    package func entries() throws(FileError) -> [Entry] {
        guard case .mapping(let mapping) = node else {
            throw error(.wrongType, "expected a mapping of keys to values, got \(kind)")
        }
        var out: [Entry] = []
        for (keyNode, valueNode) in mapping {
            guard let key = keyNode.string else {
                throw error(.wrongType, "a key is not a string")
            }
            out.append(Entry(key: key, line: keyNode.mark?.line, value: child(key, valueNode)))
        }
        return out
    }

    /// The error for `entry`, a key that is not among `allowed`.
    package func unknownKey(_ entry: Entry, allowed: Set<String>) -> FileError {
        let known = allowed.sorted().joined(separator: ", ")
        return FileError(.unknownKey, file: file, key: entry.value.path, line: entry.line, "unknown key (known keys here: \(known))")
    }

    /// A mapping of free-form string keys to string values (headers, query parameters).
    package func stringMap() throws(FileError) -> [String: String] {
        var out: [String: String] = [:]
        for (key, value) in try mapping(allowed: []) {
            out[key] = try value.string()
        }
        return out
    }

    package func sequence() throws(FileError) -> [YAMLTree] {
        guard case .sequence(let sequence) = node else {
            throw error(.wrongType, "expected a list, got \(kind)")
        }
        return sequence.enumerated().map { index, node in
            YAMLTree(file: file, node: node, path: "\(path)[\(index)]")
        }
    }

    // MARK: Scalars

    package var isNull: Bool {
        if case .scalar(let scalar) = node {
            return scalar.style == .plain && (scalar.string == "~" || scalar.string == "null" || scalar.string.isEmpty)
        }
        return false
    }

    package func string() throws(FileError) -> String {
        guard case .scalar(let scalar) = node else {
            throw error(.wrongType, "expected a string, got \(kind)")
        }
        return scalar.string
    }

    package func nonEmptyString() throws(FileError) -> String {
        let value = try string()
        if value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw error(.invalidValue, "must not be empty")
        }
        return value
    }

    package func int(in range: ClosedRange<Int>) throws(FileError) -> Int {
        guard case .scalar = node, let value = node.int else {
            throw error(.wrongType, "expected a whole number, got \(describedValue)")
        }
        guard range.contains(value) else {
            throw error(.invalidValue, "must be between \(range.lowerBound) and \(range.upperBound), got \(value)")
        }
        return value
    }

    package func bool() throws(FileError) -> Bool {
        guard case .scalar = node, let value = node.bool else {
            throw error(.wrongType, "expected true or false, got \(describedValue)")
        }
        return value
    }

    package func duration(atLeast minimum: Duration = .milliseconds(1)) throws(FileError) -> Duration {
        let text = try string()
        guard let value = DurationText.parse(text) else {
            if DurationText.seconds(text) != nil {
                throw error(.invalidValue, "must be at most \(DurationText.format(.longest)), got '\(text)'")
            }
            throw error(.invalidValue, "expected a duration such as 500ms, 10s, 5m or 1h, got '\(text)'")
        }
        guard value >= minimum else {
            throw error(.invalidValue, "must be at least \(DurationText.format(minimum)), got '\(text)'")
        }
        return value
    }

    /// An IANA time zone name (`Asia/Ho_Chi_Minh`, `UTC`).
    package func timeZone() throws(FileError) -> TimeZone {
        let name = try nonEmptyString()
        guard let zone = TimeZone(identifier: name) else {
            throw error(.invalidValue, "unknown time zone '\(name)' (use an IANA name such as UTC, Asia/Ho_Chi_Minh, Asia/Tokyo or Asia/Jakarta)")
        }
        return zone
    }

    package func oneOf(_ choices: [String]) throws(FileError) -> String {
        let value = try string()
        guard choices.contains(value) else {
            throw error(.invalidValue, "must be one of \(choices.joined(separator: ", ")), got '\(value)'")
        }
        return value
    }

    private var kind: String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .scalar: "the value '\(node.string ?? "")'"
        case .alias: "an alias"
        }
    }

    private var describedValue: String {
        if case .scalar(let scalar) = node { return "'\(scalar.string)'" }
        return kind
    }
}

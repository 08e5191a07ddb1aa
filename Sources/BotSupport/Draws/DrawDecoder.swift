// SPDX-License-Identifier: Apache-2.0
import Foundation

/// Validates a game API response and turns it into draws, following a `ResponseMapping` (the
/// original shape unless told otherwise): the array at `records`, each draw's `issue` (integer or
/// digit string), `value` (string, or a whole number shown as its decimal text), its colours (the
/// `colors` field, a list of names or one string of them, or else the value's last digit through
/// `colorsByLastDigit`) and an optional `time`. Unknown fields are ignored.
///
/// Any mismatch is an `UpstreamError` (`.invalid`) naming the part of the response at fault and
/// the config key that mapped it:
/// `response field data.records[2].value: expected a non-empty string or a whole number, got a list (upstream.mapping.value: value)`.
public enum DrawDecoder {
    /// The longest result value a draw may have, in characters: a draw's message stays one chat
    /// message, never a flood of split ones (a 100 KB value once became 52 Discord messages).
    public static let maxValueLength = 64
    /// The most colours a draw may have.
    public static let maxColors = 8
    /// The longest colour name, in characters.
    public static let maxColorNameLength = 32

    /// Decodes the response body `bytes` of the original shape.
    public static func decode(_ bytes: [UInt8]) throws(UpstreamError) -> DrawFeed {
        try decode(bytes, mapping: .original)
    }

    /// Decodes the response body `bytes` with `mapping`.
    ///
    /// The body is kept (`DrawFeed.raw`) for the snapshot's `game_data`, inside a UTF-8 document, so
    /// it must be UTF-8 too (as RFC 8259 asks of JSON between systems): leading byte-order marks are
    /// dropped, and a body in another encoding (UTF-16, UTF-32) is refused, where the parser alone
    /// would take it and the master would write a snapshot no reader can parse.
    public static func decode(_ bytes: [UInt8], mapping: ResponseMapping) throws(UpstreamError) -> DrawFeed {
        var marks = 0
        while bytes[(marks * 3)...].starts(with: [0xEF, 0xBB, 0xBF]) { marks += 1 }  // the parser skips any number
        let body = Array(bytes.dropFirst(marks * 3))
        guard !body.contains(0), String(validating: body, as: UTF8.self) != nil else {
            throw UpstreamError(.invalid, "the response is not UTF-8 JSON (\(bytes.count) bytes)")
        }
        let json: JSONValue
        do {
            json = try JSONValue.parse(body)
        } catch {
            throw UpstreamError(.invalid, "the response is not valid JSON (\(bytes.count) bytes): \(error)")
        }
        return DrawFeed(draws: try draws(in: json, mapping: mapping), raw: body)
    }

    /// The draws of an already parsed response of the original shape, ascending by issue.
    package static func draws(in json: JSONValue) throws(UpstreamError) -> [Draw] {
        try draws(in: json, mapping: .original)
    }

    /// The draws of an already parsed response, ascending by issue.
    package static func draws(in json: JSONValue, mapping: ResponseMapping) throws(UpstreamError) -> [Draw] {
        let path = mapping.records.description
        let items: [JSONValue]
        switch try field(.records, in: json, base: "", mapping: mapping) {
        case .array(let list):
            items = list
        case let other:
            throw invalid(path, "expected a list of draws, got \(describe(other))", mapping, .records)
        }
        guard !items.isEmpty else { throw invalid(path, "is empty: the response holds no draw", mapping, nil) }

        var byIssue: [Int64: Draw] = [:]
        for (index, item) in items.enumerated() {
            let draw = try decodeRecord(item, path: "\(path)[\(index)]", mapping: mapping)
            if let seen = byIssue[draw.issue], seen != draw {
                throw invalid("\(path)[\(index)].\(mapping.issue)", "issue \(draw.issue) appears twice with different results", mapping, nil)
            }
            byIssue[draw.issue] = draw
        }
        return byIssue.values.sorted { $0.issue < $1.issue }
    }

    static func decodeRecord(_ item: JSONValue, path: String, mapping: ResponseMapping) throws(UpstreamError) -> Draw {
        guard case .object = item else { throw invalid(path, "expected an object (a draw), got \(describe(item))", mapping, .records) }

        let issuePath = "\(path).\(mapping.issue)"
        let issue: Int64
        switch try field(.issue, in: item, base: path, mapping: mapping) {
        case .integer(let number) where number >= 0:
            issue = number
        case .string(let text) where !text.isEmpty && text.count <= 18 && text.allSatisfy({ $0.isASCII && $0.isNumber }):
            issue = Int64(text)!
        case let other:
            throw invalid(issuePath, "expected a non-negative integer or a string of digits, got \(describe(other))", mapping, .issue)
        }

        let valuePath = "\(path).\(mapping.value)"
        let value: String
        switch try field(.value, in: item, base: path, mapping: mapping) {
        case .string(let text) where !text.trimmingCharacters(in: .whitespaces).isEmpty:
            value = text
        case .integer(let number):
            value = String(number)
        case let other:
            throw invalid(valuePath, "expected a non-empty string or a whole number, got \(describe(other))", mapping, .value)
        }
        guard value.count <= maxValueLength else {
            throw invalid(valuePath, "is \(value.count) characters long; a result value has at most \(maxValueLength)", mapping, .value)
        }

        let colors: [String]
        if mapping.colors != nil {
            colors = try colorNames(in: item, path: path, mapping: mapping)
            try checkColorBounds(colors, path: "\(path).\(mapping.colors!)", mapping: mapping)
        } else {
            colors = try colorsByLastDigit(of: value, path: valuePath, mapping: mapping)
        }

        var time: Date?
        if let timePath = mapping.time {
            switch timePath.lookup(in: item, base: path) {
            case .found(let field):
                time = try decodeTime(field, path: "\(path).\(timePath)", mapping: mapping)
            case .missing:
                time = nil  // optional in every draw
            case .notAnObject:
                _ = try field(.time, in: item, base: path, mapping: mapping)
            }
        }
        return Draw(issue: issue, value: value, colors: colors, time: time)
    }

    package static func colorNames(in item: JSONValue, path: String, mapping: ResponseMapping) throws(UpstreamError) -> [String] {
        let colorsPath = "\(path).\(mapping.colors!)"
        let expected = "expected colour names (a non-empty list, or a string such as 'red,violet')"
        switch try field(.colors, in: item, base: path, mapping: mapping) {
        case .array(let items) where !items.isEmpty:
            var names: [String] = []
            for (index, color) in items.enumerated() {
                guard case .string(let name) = color, !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw invalid("\(colorsPath)[\(index)]", "expected a colour name, got \(describe(color))", mapping, .colors)
                }
                names.append(name.trimmingCharacters(in: .whitespaces))
            }
            return names
        case .string(let text):
            let names = splitColorNames(text)
            guard !names.isEmpty else { throw invalid(colorsPath, "\(expected), got \(describe(.string(text)))", mapping, .colors) }
            return names
        case let other:
            throw invalid(colorsPath, "\(expected), got \(describe(other))", mapping, .colors)
        }
    }

    /// A draw has at most `maxColors` colours, each at most `maxColorNameLength` long.
    static func checkColorBounds(_ colors: [String], path: String, mapping: ResponseMapping) throws(UpstreamError) {
        if colors.count > maxColors {
            throw invalid(path, "has \(colors.count) colours; a draw has at most \(maxColors)", mapping, .colors)
        }
        if let long = colors.first(where: { $0.count > maxColorNameLength }) {
            let message = "the colour name '\(long.prefix(40))…' is \(long.count) characters long; a colour name has at most \(maxColorNameLength)"
            throw invalid(path, message, mapping, .colors)
        }
    }

    /// The colour names in one string: separated by commas, `+`, `|`, `/`, `;` or white space.
    package static func splitColorNames(_ text: String) -> [String] {
        text.split(whereSeparator: { ",+|/;".contains($0) || $0.isWhitespace }).map(String.init)
    }

    package static func colorsByLastDigit(of value: String, path: String, mapping: ResponseMapping) throws(UpstreamError) -> [String] {
        let rule = "upstream.colors_by_last_digit"
        guard let last = value.last, last.isASCII, let digit = last.wholeNumberValue else {
            throw invalid(
                path, "'\(value.prefix(40))' does not end in a digit, so \(rule) cannot colour it (upstream.mapping.colors is not set)",
                mapping, .value
            )
        }
        guard let colors = mapping.colorsByLastDigit.colors(forDigit: digit) else {
            throw invalid(
                path,
                "the last digit \(digit) of '\(value.prefix(40))' has no colour in \(rule) (it has rules for \(mapping.colorsByLastDigit.coveredDigits))",
                mapping, nil, configKey: rule
            )
        }
        return colors
    }

    static func decodeTime(_ field: JSONValue, path: String, mapping: ResponseMapping = .original) throws(UpstreamError) -> Date? {
        let expected = "expected epoch seconds or milliseconds, or an ISO 8601 time"
        let date: Date
        switch field {
        case .null:
            return nil
        case .integer(let number) where number > 0:
            date = epoch(Double(number))
        case .number(let number) where number > 0:
            date = epoch(number)
        case .string(let text):
            if !text.isEmpty, text.count <= 16, text.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Double(text), number > 0 {
                date = epoch(number)
            } else if let parsed = iso8601(text) {
                date = parsed
            } else {
                throw invalid(path, "\(expected), got '\(text.prefix(40))'", mapping, .time)
            }
        default:
            throw invalid(path, "\(expected), got \(describe(field))", mapping, .time)
        }
        guard timeRange.contains(date) else {
            throw invalid(path, "expected a time from 1970 to the year 9999, got \(describe(field))", mapping, .time)
        }
        return date
    }

    /// The draw times taken: from 1970 to the end of the year 9999, so that a time counted in
    /// milliseconds (the master's poll schedule learns the draw period from them) stays far from
    /// `Int64`'s limits.
    package static let timeRange = Date(timeIntervalSince1970: 0)...Date(timeIntervalSince1970: 253_402_300_800)

    private static func iso8601(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }

    /// Epoch milliseconds from 2001 on are above 10^12; seconds stay far below it.
    private static func epoch(_ number: Double) -> Date {
        Date(timeIntervalSince1970: number >= 1_000_000_000_000 ? number / 1000 : number)
    }

    /// The value `key` maps to in `json` (whose own path is `base`), or an error naming where the
    /// path broke off and what the response holds there.
    private static func field(
        _ key: ResponseMapping.Key, in json: JSONValue, base: String, mapping: ResponseMapping
    ) throws(UpstreamError) -> JSONValue {
        switch mapping.path(key)!.lookup(in: json, base: base) {
        case .found(let value):
            return value
        case .missing(let prefix, let missing, let keys):
            let owner = prefix.isEmpty ? "the response" : prefix == base ? "the draw" : prefix
            let listed = keys.isEmpty ? "no keys" : "keys " + keys.prefix(12).joined(separator: ", ") + (keys.count > 12 ? ", …" : "")
            throw invalid(missing, "is missing; \(owner) has \(listed)", mapping, key)
        case .notAnObject(let at, let value):
            throw invalid(at, "expected an object, got \(describe(value))", mapping, key)
        }
    }

    private static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): "the string '\(text.prefix(40))'"
        case .integer(let number): "the number \(number)"
        case .number(let number): "the number \(number)"
        default: value.typeName
        }
    }

    /// An error at `path` of the response; `key` (named with its configured path) or `configKey`
    /// is the config key whose mapping the response does not match.
    private static func invalid(
        _ path: String, _ message: String, _ mapping: ResponseMapping, _ key: ResponseMapping.Key?, configKey: String? = nil
    ) -> UpstreamError {
        let field = path.isEmpty ? "response: \(message)" : "response field \(path): \(message)"
        return UpstreamError(.invalid, key.map { "\(field) (\(mapping.describe($0)))" } ?? field, configKey: key?.configKey ?? configKey)
    }
}

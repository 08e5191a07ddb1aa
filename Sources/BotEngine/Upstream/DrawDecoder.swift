import Foundation

/// Validates a game API response of the original shape and turns it into draws:
/// `data.records[]`, each with `issue` (integer or digit string), `value` (string),
/// `resultFormatValueI18n` (list of colour names) and an optional `time` (epoch seconds or
/// milliseconds, or ISO 8601). Unknown fields are ignored; any field of the wrong type is an
/// error naming it (`data.records[2].value: expected a string, got a number`).
public enum DrawDecoder {
    /// Decodes the response body `bytes`.
    public static func decode(_ bytes: [UInt8]) throws(UpstreamError) -> DrawFeed {
        let json: JSONValue
        do {
            json = try JSONValue.parse(bytes)
        } catch {
            throw UpstreamError(.invalid, "the response is not valid JSON (\(bytes.count) bytes)")
        }
        return DrawFeed(draws: try draws(in: json), raw: bytes)
    }

    /// The draws of an already parsed response, ascending by issue.
    public static func draws(in json: JSONValue) throws(UpstreamError) -> [Draw] {
        guard case .object = json else { throw invalid("", "expected an object, got \(json.typeName)") }
        guard let data = json["data"] else { throw invalid("data", "is missing") }
        guard case .object = data else { throw invalid("data", "expected an object, got \(data.typeName)") }
        guard let records = data["records"] else { throw invalid("data.records", "is missing") }
        guard case .array(let items) = records else { throw invalid("data.records", "expected a list, got \(records.typeName)") }
        guard !items.isEmpty else { throw invalid("data.records", "is empty: the response holds no draw") }

        var byIssue: [Int64: Draw] = [:]
        for (index, item) in items.enumerated() {
            let draw = try decodeRecord(item, path: "data.records[\(index)]")
            if let seen = byIssue[draw.issue], seen != draw {
                throw invalid("data.records[\(index)].issue", "issue \(draw.issue) appears twice with different results")
            }
            byIssue[draw.issue] = draw
        }
        return byIssue.values.sorted { $0.issue < $1.issue }
    }

    static func decodeRecord(_ item: JSONValue, path: String) throws(UpstreamError) -> Draw {
        guard case .object = item else { throw invalid(path, "expected an object, got \(item.typeName)") }
        let issue: Int64
        switch item["issue"] {
        case .integer(let number) where number >= 0:
            issue = number
        case .string(let text) where !text.isEmpty && text.count <= 18 && text.allSatisfy({ $0.isASCII && $0.isNumber }):
            issue = Int64(text)!
        case nil:
            throw invalid("\(path).issue", "is missing")
        case let other?:
            throw invalid("\(path).issue", "expected a non-negative integer or a string of digits, got \(describe(other))")
        }
        guard let valueField = item["value"] else { throw invalid("\(path).value", "is missing") }
        guard case .string(let value) = valueField, !value.isEmpty else {
            throw invalid("\(path).value", "expected a non-empty string, got \(describe(valueField))")
        }
        guard let colorsField = item["resultFormatValueI18n"] else { throw invalid("\(path).resultFormatValueI18n", "is missing") }
        guard case .array(let colorItems) = colorsField, !colorItems.isEmpty else {
            throw invalid("\(path).resultFormatValueI18n", "expected a non-empty list of colour names, got \(describe(colorsField))")
        }
        var colors: [String] = []
        for (index, color) in colorItems.enumerated() {
            guard case .string(let name) = color, !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw invalid("\(path).resultFormatValueI18n[\(index)]", "expected a colour name, got \(describe(color))")
            }
            colors.append(name.trimmingCharacters(in: .whitespaces))
        }
        let time = try item["time"].flatMap { field throws(UpstreamError) in try decodeTime(field, path: "\(path).time") }
        return Draw(issue: issue, value: value, colors: colors, time: time)
    }

    static func decodeTime(_ field: JSONValue, path: String) throws(UpstreamError) -> Date? {
        switch field {
        case .null:
            return nil
        case .integer(let number) where number > 0:
            // Epoch milliseconds from 2001 on are above 10^12; seconds stay far below it.
            return Date(timeIntervalSince1970: number >= 1_000_000_000_000 ? Double(number) / 1000 : Double(number))
        case .string(let text):
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            if let date = formatter.date(from: text) { return date }
            formatter.formatOptions = [.withInternetDateTime]
            if let date = formatter.date(from: text) { return date }
            throw invalid(path, "expected epoch seconds or milliseconds, or an ISO 8601 time, got '\(text)'")
        default:
            throw invalid(path, "expected epoch seconds or milliseconds, or an ISO 8601 time, got \(field.typeName)")
        }
    }

    private static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): "the string '\(text.prefix(40))'"
        case .integer(let number): "the number \(number)"
        default: value.typeName
        }
    }

    private static func invalid(_ path: String, _ message: String) -> UpstreamError {
        UpstreamError(.invalid, path.isEmpty ? "response: \(message)" : "response field \(path): \(message)")
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotSupport
import Foundation

/// The snapshot's `draws` field: the master's draws already normalised, so that a reader takes
/// them without parsing `game_data` and without the game's `upstream.mapping`.
///
/// `"draws": [{"issue": 12345, "value": "207", "colors": ["Red"], "time_ms": 1764229149000}, …]`,
/// ascending by issue, each issue once; `time_ms` only when the draw has a time. A reader holds it
/// to the bounds the game API's answers are held to (`DrawDecoder`): a value of at most 64
/// characters, 1 to 8 colours, colour names of at most 32.
package enum SnapshotDraws {
    /// The field's name in the snapshot.
    package static let field = "draws"

    private struct Wire: Encodable {
        var issue: Int64
        var value: String
        var colors: [String]
        var timeMillis: Int64?

        enum CodingKeys: String, CodingKey {
            case issue, value, colors, timeMillis = "time_ms"
        }
    }

    /// The field's value, a JSON list, for `draws`.
    package static func encoded(_ draws: [Draw]) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let wire = draws.map { Wire(issue: $0.issue, value: $0.value, colors: $0.colors, timeMillis: $0.timeMillis) }
        return (try? encoder.encode(wire)).map { [UInt8]($0) } ?? Array("[]".utf8)
    }

    /// The draws of the field's parsed value; any problem is a `SnapshotError` naming the field
    /// (`draws[2].value: …`).
    package static func decode(_ json: JSONValue) throws(SnapshotError) -> [Draw] {
        guard case .array(let items) = json, !items.isEmpty else {
            throw SnapshotError("\(field): expected a non-empty list of draws, got \(json.typeName)")
        }
        var draws: [Draw] = []
        draws.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            let draw = try decodeDraw(item, path: "\(field)[\(index)]")
            if let previous = draws.last, draw.issue <= previous.issue {
                throw SnapshotError("\(field)[\(index)].issue: \(draw.issue) does not follow \(previous.issue); draws ascend by issue, each once")
            }
            draws.append(draw)
        }
        return draws
    }

    private static func decodeDraw(_ item: JSONValue, path: String) throws(SnapshotError) -> Draw {
        guard case .object(let members) = item else { throw SnapshotError("\(path): expected an object (a draw), got \(item.typeName)") }
        guard case .integer(let issue) = members["issue"], issue >= 0 else {
            throw SnapshotError("\(path).issue: expected a non-negative integer, got \(members["issue"]?.typeName ?? "nothing")")
        }
        guard case .string(let value) = members["value"], !value.isEmpty else {
            throw SnapshotError("\(path).value: expected a non-empty string, got \(members["value"]?.typeName ?? "nothing")")
        }
        guard value.count <= DrawDecoder.maxValueLength else {
            throw SnapshotError("\(path).value: is \(value.count) characters long; a result value has at most \(DrawDecoder.maxValueLength)")
        }
        guard case .array(let list) = members["colors"], !list.isEmpty, list.count <= DrawDecoder.maxColors else {
            throw SnapshotError("\(path).colors: expected a list of 1 to \(DrawDecoder.maxColors) colour names, got \(describe(members["colors"]))")
        }
        var colors: [String] = []
        colors.reserveCapacity(list.count)
        for (index, color) in list.enumerated() {
            guard case .string(let name) = color, !name.isEmpty, name.count <= DrawDecoder.maxColorNameLength else {
                throw SnapshotError(
                    "\(path).colors[\(index)]: expected a colour name of 1 to \(DrawDecoder.maxColorNameLength) characters, got \(describe(color))")
            }
            colors.append(name)
        }
        var time: Date?
        switch members["time_ms"] {
        case nil, .null?:
            time = nil
        case .integer(let millis)? where (0...maxTimeMillis).contains(millis):
            time = Date(timeIntervalSince1970: Double(millis) / 1000)
        case let other?:
            throw SnapshotError("\(path).time_ms: expected milliseconds since 1970 up to the year 9999, got \(describe(other))")
        }
        return Draw(issue: issue, value: value, colors: colors, time: time)
    }

    /// The end of the year 9999 in milliseconds, as `DrawDecoder` bounds the times it takes.
    private static let maxTimeMillis = Int64(DrawDecoder.timeRange.upperBound.timeIntervalSince1970 * 1000)

    private static func describe(_ value: JSONValue?) -> String {
        switch value {
        case nil: "nothing"
        case .array(let items)?: "a list of \(items.count)"
        case .string(let text)?: "a string of \(text.count) characters"
        case .integer(let number)?: "the number \(number)"
        case let other?: other.typeName
        }
    }
}

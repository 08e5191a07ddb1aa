// SPDX-License-Identifier: Apache-2.0
import BotSupport
/// One entry of the fleet's draw history (`RedisKeys.history`, a Redis stream): the entry's id and
/// its draw. On the wire an entry has two fields: `issue` (the draw's issue, in decimal, which the
/// fenced write compares to skip draws the stream already holds) and `draw` (the draw as one item
/// of the snapshot's `draws`, `SnapshotDraws`).
package struct HistoryEntry: Sendable, Equatable {
    /// The stream's id of the entry (`1764229149000-0`): where the next read starts after.
    package var id: String
    /// The draw.
    package var draw: Draw

    /// An entry.
    package init(id: String, draw: Draw) {
        self.id = id
        self.draw = draw
    }

    /// The `draw` field for `draw`: one item of `SnapshotDraws`' list.
    package static func field(for draw: Draw) -> [UInt8] {
        Array(SnapshotDraws.encoded([draw]).dropFirst().dropLast())
    }

    /// The draw of a `draw` field, held to the snapshot's bounds; a `SnapshotError` naming what is wrong.
    package static func draw(fromField bytes: [UInt8]) throws(SnapshotError) -> Draw {
        let json: JSONValue
        do {
            json = try JSONValue.parse(Array("[".utf8) + bytes + Array("]".utf8))
        } catch {
            throw SnapshotError("draw: not valid JSON (\(bytes.count) bytes): \(error)")
        }
        let draws = try SnapshotDraws.decode(json)
        guard draws.count == 1 else { throw SnapshotError("draw: expected one draw, got \(draws.count)") }
        return draws[0]
    }
}

/// What one read of the draw history found.
package struct HistoryRead: Sendable, Equatable {
    /// The valid entries, oldest first.
    package var entries: [HistoryEntry]
    /// Why entries were left out (the first one, naming the key, the entry and the field); nil
    /// when none were.
    package var refused: String?

    /// A read.
    package init(entries: [HistoryEntry], refused: String? = nil) {
        self.entries = entries
        self.refused = refused
    }
}

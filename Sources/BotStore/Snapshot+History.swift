// SPDX-License-Identifier: Apache-2.0
import BotSupport
extension Snapshot {
    /// The field the lease holder adds to the snapshot it serves over HTTP (`GET /snapshot`),
    /// never to Redis's: the recent draw history, a list as in `draws` (`SnapshotDraws`), so that
    /// readers keep their streaks and pictures while Redis is down. Readers of earlier releases
    /// ignore it.
    package static let historyField = "history"

    /// Encoded snapshot `bytes` (a JSON object) with the `history` field `history` (an encoded
    /// `SnapshotDraws` list) added; `bytes` unchanged when `history` is nil.
    package static func withHistory(_ bytes: [UInt8], _ history: [UInt8]?) -> [UInt8] {
        guard let history, bytes.last == UInt8(ascii: "}") else { return bytes }
        return bytes.dropLast() + Array(",\"\(historyField)\":".utf8) + history + Array("}".utf8)
    }

    /// The draws of the `history` field of served snapshot `bytes`, ascending; empty when it has
    /// none. A field that does not validate is a `SnapshotError` naming it.
    package static func servedHistory(in bytes: [UInt8]) throws(SnapshotError) -> [Draw] {
        guard let json = try? JSONValue.parse(bytes, skippingMember: "game_data"), let field = json[historyField] else { return [] }
        do {
            return try SnapshotDraws.decode(field)
        } catch {
            throw SnapshotError("\(historyField) (the served history): \(error.message)")
        }
    }
}

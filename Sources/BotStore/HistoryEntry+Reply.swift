// SPDX-License-Identifier: Apache-2.0
import RedisClient

extension HistoryEntry {
    /// The entries of an `XREVRANGE` reply on `key`, oldest first. An entry that does not hold a
    /// valid draw is left out, and the first such is named (key, entry id, field) in `refused`; a
    /// reply of another shape is a `StoreError` naming the key.
    package static func entries(in reply: RedisReply, key: String) throws(StoreError) -> HistoryRead {
        guard case .array(let items) = reply else { throw StoreError("unexpected reply to XREVRANGE \(key): \(reply)") }
        var read = HistoryRead(entries: [])
        read.entries.reserveCapacity(items.count)
        for item in items.reversed() {
            guard case .array(let parts) = item, parts.count == 2, let id = parts[0].string, case .array(let fields) = parts[1] else {
                throw StoreError("\(key): an entry that is not an id and its fields: \(item)")
            }
            var field: [UInt8]?
            for index in stride(from: 0, to: fields.count - 1, by: 2) where fields[index].string == "draw" {
                if case .bulk(let bytes) = fields[index + 1] { field = bytes }
            }
            do throws(SnapshotError) {
                guard let field else { throw SnapshotError("has no draw field") }
                read.entries.append(HistoryEntry(id: id, draw: try draw(fromField: field)))
            } catch {
                read.refused = read.refused ?? "\(key): entry \(id): \(error.message)"
            }
        }
        return read
    }
}

// SPDX-License-Identifier: Apache-2.0
import RedisClient

extension HistoryEntry {
    /// The entries of an `XREVRANGE` reply on `key`, oldest first; a `StoreError` naming the key
    /// and the entry for anything else.
    static func entries(in reply: RedisReply, key: String) throws(StoreError) -> [HistoryEntry] {
        guard case .array(let items) = reply else { throw StoreError("unexpected reply to XREVRANGE \(key): \(reply)") }
        var entries: [HistoryEntry] = []
        entries.reserveCapacity(items.count)
        for item in items.reversed() {
            guard case .array(let parts) = item, parts.count == 2, let id = parts[0].string, case .array(let fields) = parts[1] else {
                throw StoreError("\(key): an entry that is not an id and its fields: \(item)")
            }
            var field: [UInt8]?
            for index in stride(from: 0, to: fields.count - 1, by: 2) where fields[index].string == "draw" {
                if case .bulk(let bytes) = fields[index + 1] { field = bytes }
            }
            guard let field else { throw StoreError("\(key): entry \(id) has no draw field") }
            do {
                entries.append(HistoryEntry(id: id, draw: try draw(fromField: field)))
            } catch {
                throw StoreError("\(key): entry \(id): \(error.message)")
            }
        }
        return entries
    }
}

// SPDX-License-Identifier: Apache-2.0
/// Splits a message that is over a chat's length limit into parts, in order, on line boundaries;
/// a single line over the limit is cut at the limit.
package enum MessageSplitter {
    /// `text` in parts of at most `limit` characters (nil: no limit).
    package static func split(_ text: String, limit: Int?) -> [String] {
        guard let limit, limit > 0, text.count > limit else { return [text] }
        var parts: [String] = []
        var current = ""
        func flush() {
            if !current.isEmpty { parts.append(current) }
            current = ""
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = Substring(line)
            let needed = current.isEmpty ? line.count : current.count + 1 + line.count
            if needed <= limit {
                current += current.isEmpty ? String(line) : "\n" + line
                continue
            }
            flush()
            while line.count > limit {
                parts.append(String(line.prefix(limit)))
                line = line.dropFirst(limit)
            }
            current = String(line)
        }
        flush()
        return parts
    }
}

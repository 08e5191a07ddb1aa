// SPDX-License-Identifier: Apache-2.0
/// A word-level diff of two texts, as `git diff --word-diff` shows one: words removed in
/// `[-…-]`, words added in `{+…+}`, the rest as it is.
enum WordDiff {
    /// `old` against `new`, words and the blanks between them compared as tokens.
    static func of(_ old: String, _ new: String) -> String {
        let a = tokens(old), b = tokens(new)
        // Longest common subsequence, by dynamic programming over the two token lists (texts are short).
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var out = "", removed = "", added = ""
        func flush() {
            if !removed.isEmpty { out += "[-\(removed)-]" }
            if !added.isEmpty { out += "{+\(added)+}" }
            removed = ""
            added = ""
        }
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                flush()
                out += a[i]
                i += 1
                j += 1
            } else if j < b.count, i == a.count || table[i][j + 1] >= table[i + 1][j] {
                added += b[j]
                j += 1
            } else {
                removed += a[i]
                i += 1
            }
        }
        flush()
        return out
    }

    /// Runs of non-blank characters and runs of blanks, in order.
    private static func tokens(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        var blank: Bool?
        for character in text {
            let isBlank = character.isWhitespace
            if blank != isBlank, !current.isEmpty {
                out.append(current)
                current = ""
            }
            blank = isBlank
            current.append(character)
        }
        if !current.isEmpty { out.append(current) }
        return out
    }
}

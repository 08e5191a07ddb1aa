// SPDX-License-Identifier: Apache-2.0
/// Issue numbers as a log line names them: consecutive runs as ranges (`1028–1030, 1035`), the
/// middle left out past `limit` runs so that a line stays short, with the exact count beside.
package enum IssueList {
    /// `issues` (ascending) as `1028–1030, 1035 (4 draws)`.
    package static func describe(_ issues: [Int64], limit: Int = 8) -> String {
        var runs: [ClosedRange<Int64>] = []
        for issue in issues {
            if let last = runs.last, last.upperBound < Int64.max, issue == last.upperBound + 1 {
                runs[runs.count - 1] = last.lowerBound...issue
            } else {
                runs.append(issue...issue)
            }
        }
        let text = runs.map(describe)
        let shown = text.count > limit ? text.prefix(limit / 2) + ["…"] + text.suffix(limit / 2) : text[...]
        return "\(shown.joined(separator: ", ")) (\(count(issues.count)))"
    }

    /// `range` as `1028–1039 (12 draws)`.
    package static func describe(_ range: ClosedRange<Int64>) -> String {
        range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound)–\(range.upperBound)"
    }

    /// `n draws`, `1 draw`.
    package static func count(_ n: Int) -> String { n == 1 ? "1 draw" : "\(n) draws" }
}

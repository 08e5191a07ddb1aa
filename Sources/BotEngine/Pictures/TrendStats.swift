// SPDX-License-Identifier: Apache-2.0
import BotLocalization
import BotSupport
/// What the trend picture and its caption show of a window of results: the counts of each
/// colour, the runs of equal main colour, the current and the longest run, the issues covered.
///
/// A draw's main colour is its first (as in `DrawHistory`): runs follow it. Counts take every
/// colour a draw names, so a red and violet result counts once for red and once for violet.
package struct TrendStats: Sendable, Equatable {
    /// A run of draws with the same main colour.
    package struct Run: Sendable, Equatable {
        /// The lower-case main colour.
        package var color: String
        /// How many draws in a row.
        package var length: Int

        /// A run of `length` draws of `color`.
        package init(color: String, length: Int) {
            self.color = color
            self.length = length
        }
    }

    /// The draws shown, ascending by issue.
    package let draws: [Draw]
    /// How many draws name each lower-case colour.
    package let counts: [String: Int]
    /// The runs, oldest first.
    package let runs: [Run]

    /// The stats of the last `limit` draws of `window` (any order, each issue once).
    package init(_ window: [Draw], limit: Int) {
        var byIssue: [Int64: Draw] = [:]
        for draw in window { byIssue[draw.issue] = draw }
        draws = Array(byIssue.values.sorted { $0.issue < $1.issue }.suffix(max(1, limit)))
        var counts: [String: Int] = [:]
        var runs: [Run] = []
        for draw in draws {
            for color in Set(draw.colors.map { $0.lowercased() }) { counts[color, default: 0] += 1 }
            let main = DrawHistory.mainColor(of: draw)
            if runs.last?.color == main {
                runs[runs.count - 1].length += 1
            } else {
                runs.append(Run(color: main, length: 1))
            }
        }
        self.counts = counts
        self.runs = runs
    }

    /// The run the newest draw belongs to.
    package var currentRun: Run? { runs.last }

    /// The longest run; of equally long ones, the latest.
    package var longestRun: Run? {
        runs.reduce(nil as Run?) { best, run in (best.map { run.length >= $0.length } ?? true) ? run : best }
    }

    /// The colours counted, in the order the bar shows them: red, green, violet, then the others by name.
    package var countedColors: [String] {
        let known = ["red", "green", "violet"]
        return known.filter { counts[$0] != nil } + counts.keys.filter { !known.contains($0) }.sorted()
    }
}

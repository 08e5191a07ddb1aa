// SPDX-License-Identifier: Apache-2.0
import BotEngineTesting
import BotStore
import Logging
import Testing

@testable import BotEngine
@testable import BotSupport

/// How a bot's draw history extends each feed: the remembered draws older than the feed go before
/// it, bounded, each issue once.
@Suite struct SharedHistoryTests {
    static func draws(_ issues: [Int64]) -> [Draw] {
        issues.map { Draw(issue: $0, value: "00\($0 % 10)", colors: [$0 % 2 == 0 ? "Red" : "Green"]) }
    }

    @Test func feedsAreExtendedWithWhatCameBeforeThemUpToTheBound() async {
        let history = SharedHistory(keep: 6, store: InMemorySnapshotStore(), key: "redgreen:history:RG5M", logger: Logger(label: "t"))
        #expect(await history.extend(Self.draws([5, 6, 7])).map(\.issue) == [5, 6, 7])
        #expect(await history.extend(Self.draws([7, 8, 9])).map(\.issue) == [5, 6, 7, 8, 9])
        #expect(await history.extend(Self.draws([9, 10, 11])).map(\.issue) == [6, 7, 8, 9, 10, 11])
        // A numbering that went back: nothing remembered is older than its draws, so the feed alone.
        #expect(await history.extend(Self.draws([1, 2])).map(\.issue) == [1, 2])
        // A peer's history fills what the feeds did not carry.
        #expect(await history.extend(Self.draws([12]), readStore: false, extra: Self.draws([10, 11])).map(\.issue) == [7, 8, 9, 10, 11, 12])
    }

    @Test func absorbingKeepsIssuesAscendingAndOnceReplacingWhatIsThere() {
        var draws = Self.draws([1, 2, 4])
        SharedHistory.absorb(Self.draws([3]), into: &draws, keep: 10)
        #expect(draws.map(\.issue) == [1, 2, 3, 4])
        let replaced = Draw(issue: 2, value: "999", colors: ["Green"])
        SharedHistory.absorb([replaced, Draw(issue: 5, value: "005", colors: ["Green"])], into: &draws, keep: 4)
        #expect(draws.map(\.issue) == [2, 3, 4, 5])
        #expect(draws[0] == replaced)
    }
}

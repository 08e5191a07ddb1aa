// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotLocalization
import Foundation
import Testing

/// The made-up draws of `locales preview --counts`, as the trend caption counts them.
@Suite struct PreviewCountsTests {
    /// `--counts red=6,green=5,violet=3 --streak 2`: 14 draws naming each colour as often as said,
    /// ending with a run of 2 of the draw's colour, and no older run longer than the counts force.
    @Test func countsGiveTheWindowTheCaptionCounts() {
        let draws = PreviewDraws(issue: 1010, value: "7", colors: ["green"], streak: 2, time: Date(), counts: ["red": 6, "green": 5, "violet": 3])
        let stats = TrendStats(draws.window, limit: draws.window.count)
        #expect(stats.counts == ["red": 6, "green": 5, "violet": 3])
        #expect(stats.currentRun == TrendStats.Run(color: "green", length: 2))
        #expect(stats.longestRun?.length == 2)
        #expect(draws.window.map(\.issue) == Array(997...1010))
        // The draw's colour is counted at least `streak` times.
        let short = PreviewDraws(issue: 10, value: "7", colors: ["red"], streak: 4, time: Date(), counts: ["red": 1, "green": 2])
        #expect(TrendStats(short.window, limit: 100).counts == ["red": 4, "green": 2])
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotEngine
import Foundation
import Testing

/// The made-up draws of `locales preview` give the run asked for.
@Suite struct PreviewDrawsTests {
    @Test(arguments: [1, 2, 3, 10, 22])
    func theRunIsAsLongAsAsked(streak: Int) {
        let draws = PreviewDraws(issue: 1012, value: "398", colors: ["red", "violet"], streak: streak, time: Date(), history: 10)
        let history = DrawHistory(draw: draws.draw, window: draws.window, limit: 10)
        #expect(history.streakCount == streak)
        #expect(history.recent.count == 10)
        #expect(draws.window.map(\.issue) == draws.window.map(\.issue).sorted())
    }

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

    /// The values `--all-branches` previews: one per plural category and exact key the message
    /// names, each colour a selector names, and one for `{{*}}`, by CLDR's Russian and Arabic rules.
    @Test func branchSamplesReachEveryBranch() throws {
        let ru = try MessageTemplate(
            "{{#match draws plural}}{{=1}}a{{one}}b{{few}}c{{many}}d{{*}}e{{/match}}{{#match current_color}}{{red}}r{{*}}o{{/match}}",
            file: "ru.yaml", key: "messages.trend", placeholders: MessageTemplate.trendPlaceholders,
            rules: PluralRules(language: "ru"))
        let samples = ru.branchSamples(colors: ["red", "green", "violet"], lowest: 1)
        #expect(samples["draws"] == ["1", "21", "2", "5"])
        #expect(samples["current_color"] == ["red", "green"])
        let ar = try MessageTemplate(
            "{{#match draws plural}}{{zero}}z{{two}}t{{few}}f{{many}}m{{*}}o{{/match}}", file: "ar.yaml", key: "messages.trend",
            placeholders: MessageTemplate.trendPlaceholders, rules: PluralRules(language: "ar"))
        #expect(ar.branchSamples(colors: [])["draws"] == ["0", "2", "3", "11", "1"])
    }
}

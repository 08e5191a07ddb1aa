// SPDX-License-Identifier: Apache-2.0
import BotLocalization
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

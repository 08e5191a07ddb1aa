// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotLocalization
import BotSupport
import Foundation
import TestHarness
import Testing

/// The bot fills `{{game}}` and its forms from the locale's `games:` for its `game_type`, in the
/// result, the board and the digest, escaped and isolated as every value; a game the locale does
/// not name shows the tag.
@Suite struct GameNameRenderingTests {
    static let yaml =
        LocaleFiles.full(
            extra: "games:\n  RG5M: {label: \"Red & Green 5\", definite: \"the R&G 5\", gender: feminine}",
            result: "{{game}} · {{game.definite}} · {{#match game.gender}}{{feminine}}she{{*}}it{{/match}} · {{game_type}}")
        + "  board: \"{{game.definite}} {{issue}}\"\n  digest: |-\n    {{game}} {{count}}\n    {{results}}\n"

    func renderer(_ gameType: String) throws -> MessageRenderer {
        let bundle = try LocaleBundle.parse(yaml: Self.yaml, file: "en.yaml", code: "en")
        return MessageRenderer(bundle: bundle, gameType: gameType, logger: .init(label: "test"))
    }

    @Test func theResultTheBoardAndTheDigestShowTheGamesNameAndForms() throws {
        let draw = Draw(issue: 7, value: "5", colors: ["Green"])
        let named = try renderer("RG5M")
        #expect(named.render(draw, seenAt: Date(), format: .html) == "Red &amp; Green 5 · the R&amp;G 5 · she · RG5M")
        #expect(named.renderBoard(draw, history: [], format: .plain, seenAt: Date()) == "the R&G 5 7")
        #expect(named.renderDigest([draw], format: .plain)?.hasPrefix("Red & Green 5 1\n") == true)
        let other = try renderer("RG1M")
        #expect(other.render(draw, seenAt: Date(), format: .plain) == "RG1M · RG1M · it · RG1M")
        #expect(other.renderDigest([draw], format: .plain)?.hasPrefix("RG1M 1\n") == true)
    }

    /// The trend caption and its alt text offer the game too, as every message does.
    @Test func theTrendCaptionAndItsAltTextShowTheGamesNameAndForms() throws {
        let yaml =
            Self.yaml + "  trend: \"{{game}} · {{game.definite}} · {{game_type}} · {{draws}}\"\n"
            + "  trend_alt: \"{{#match game.gender}}{{feminine}}her{{*}}its{{/match}} {{game}} ({{game_type}}): {{draws}}\"\n"
        let bundle = try LocaleBundle.parse(yaml: yaml, file: "en.yaml", code: "en")
        let stats = TrendStats([Draw(issue: 7, value: "5", colors: ["Green"]), Draw(issue: 8, value: "1", colors: ["Red"])], limit: 10)
        #expect(TrendCaption.render(stats, bundle: bundle, format: .html, gameType: "rg5m") == "Red &amp; Green 5 · the R&amp;G 5 · rg5m · 2")
        #expect(TrendCaption.altText(stats, bundle: bundle, gameType: "RG5M") == "her Red & Green 5 (RG5M): 2")
        #expect(TrendCaption.render(stats, bundle: bundle, format: .plain, gameType: "RG1M") == "RG1M · RG1M · RG1M · 2")
        #expect(TrendCaption.altText(stats, bundle: bundle, gameType: "RG1M") == "its RG1M (RG1M): 2")
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotLocalization
import BotSupport
import Foundation
import Testing

/// The placeholders beyond the draw itself: history, streak, plurals, numbers, escaping.
@Suite struct MessageRendererTests {
    func renderer(_ yaml: String, code: String = "en", zone: String = "UTC") throws -> MessageRenderer {
        let bundle = try LocaleBundle.parse(yaml: yaml, file: "\(code).yaml", code: code)
        return MessageRenderer(bundle: bundle, gameType: "G", timeZone: TimeZone(identifier: zone)!, logger: .init(label: "test"))
    }

    func draw(_ issue: Int64, _ colors: String...) -> Draw { Draw(issue: issue, value: "5", colors: colors) }

    @Test func historyAndStreakComeFromTheWindowUpToTheDraw() throws {
        let window = [draw(1, "Red"), draw(2, "Green"), draw(3, "Green", "Violet"), draw(4, "Green"), draw(5, "Red")]
        let text = try renderer(LocaleFiles.full()).render(window[3], seenAt: Date(), history: window)
        #expect(text == "4 GREEN rggg GREEN 3 draws")
    }

    @Test func englishPicksOneForASingleDraw() throws {
        let text = try renderer(LocaleFiles.full()).render(draw(7, "Red"), seenAt: Date(), history: [draw(6, "Green")])
        #expect(text == "7 RED gr RED 1 draw")
    }

    @Test func historyLengthLimitsTheStrip() throws {
        let window = (1...8).map { draw(Int64($0), $0 % 2 == 0 ? "Green" : "Red") }
        let text = try renderer(LocaleFiles.full(extra: "history_length: 3", result: "{{history}}")).render(
            window[7], seenAt: Date(), history: window)
        #expect(text == "grg")
    }

    @Test func withoutAWindowTheDrawStandsAlone() throws {
        #expect(try renderer(LocaleFiles.full()).render(draw(7, "Green"), seenAt: Date()) == "7 GREEN g GREEN 1 draw")
    }

    @Test func countsAreWrittenAsTheLocaleWritesNumbersButIssuesAreNot() throws {
        let window = (1...1234).map { draw(Int64($0 + 100_000), "Red") }
        let vi = try renderer(
            LocaleFiles.full(extra: "formatting_locale: vi_VN", streak: "{{count}} kỳ", result: "{{issue}} {{streak}} {{streak_count}}"), code: "vi")
        #expect(vi.render(window.last!, seenAt: Date(), history: window) == "101234 1.234 kỳ 1.234")
        let en = try renderer(LocaleFiles.full(result: "{{issue}} {{streak}}"))
        #expect(en.render(window.last!, seenAt: Date(), history: window) == "101234 1,234 draws")
    }

    @Test func theTimeFallsBackToWhenTheBotSawTheDraw() throws {
        let seen = Date(timeIntervalSince1970: 1_740_227_344)
        let text = try renderer(
            LocaleFiles.full(extra: "formatting_locale: en_GB", result: "{{date}} {{time}} {{time_zone}} {{utc_offset}}"), zone: "Asia/Tokyo"
        )
        .render(draw(1, "Red"), seenAt: seen)
        #expect(text == "22 Feb 2025 21:29:04 Japan Time UTC+9")
    }

    @Test func everyInsertedValueIsEscapedAndPhraseMarkupIsKept() throws {
        let yaml = LocaleFiles.full(
            streak: "<i>{{count}}</i> {{color}}", result: "<b>{{colors}}</b> {{history}} {{streak}} {{streak_color}} {{locale_name}}"
        )
        .replacingOccurrences(of: "red: \"RED\"", with: "red: \"R&D <1>\"")
        .replacingOccurrences(of: "red: \"r\"", with: "red: \"<r>\"")
        .replacingOccurrences(of: "name: Test", with: "name: \"A&B\"")
        let renderer = try renderer(yaml)
        let html = renderer.render(draw(1, "Red"), seenAt: Date(), format: .html)
        #expect(html == "<b>R&amp;D &lt;1&gt;</b> &lt;r&gt; <i>1</i> R&amp;D &lt;1&gt; R&amp;D &lt;1&gt; A&amp;B")
        let markdown = renderer.render(draw(1, "Red"), seenAt: Date(), format: .markdown)
        #expect(markdown.contains("\\<r\\>"))
        #expect(markdown.hasPrefix("<b>R&D \\<1\\></b>"))
    }

    /// Issue 25: a colour the locale has no label or symbol for ran together in the strip
    /// ("blueblueblue"); it is shown by a fallback symbol, with one warning.
    @Test func anUnknownColourShowsByAFallbackSymbolInTheStripAndItsNameElsewhere() throws {
        let logs = LogRecorder()
        let bundle = try LocaleBundle.parse(yaml: LocaleFiles.full(result: "{{history}} {{streak_color}}"), file: "en.yaml", code: "en")
        let renderer = MessageRenderer(bundle: bundle, gameType: "G", timeZone: TimeZone(identifier: "UTC")!, logger: logs.logger(label: "t"))
        let text = renderer.render(draw(4, "Blue"), seenAt: Date(), history: [draw(1, "Green"), draw(2, "Blue"), draw(3, "Blue")])
        #expect(text == "g❔❔❔ Blue")
        #expect(logs.entries(atLeast: .warning, containing: "Unknown colour 'Blue'").count == 1)
    }

    @Test func symbolsLongerThanOneCharacterAreSeparatedInTheStrip() throws {
        let yaml = LocaleFiles.full(result: "{{history}}").replacingOccurrences(of: "  violet: \"v\"\n", with: "  violet: \"Vi\"\n")
        let text = try renderer(yaml).render(draw(3, "Violet"), seenAt: Date(), history: [draw(1, "Green"), draw(2, "Violet")])
        #expect(text == "g Vi Vi")
    }

    @Test func unknownColoursAreLoggedOnceEachAndOnlyUpToALimit() throws {
        let logs = LogRecorder()
        let bundle = try LocaleBundle.parse(yaml: LocaleFiles.full(result: "{{colors}}"), file: "en.yaml", code: "en")
        let renderer = MessageRenderer(bundle: bundle, gameType: "G", timeZone: TimeZone(identifier: "UTC")!, logger: logs.logger(label: "t"))
        for index in 0..<(MessageRenderer.reportLimit + 50) {
            _ = renderer.render(draw(Int64(index), "Colour\(index)"), seenAt: Date())
            _ = renderer.render(draw(Int64(index), "Colour\(index)"), seenAt: Date())
        }
        #expect(logs.entries(atLeast: .warning, containing: "Unknown colour").count == MessageRenderer.reportLimit)
    }
}

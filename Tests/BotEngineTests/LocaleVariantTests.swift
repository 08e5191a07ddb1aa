// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotLocalization
import BotSupport
import Foundation
import Testing

/// Variants by value (`{{#color=violet}}`), exact counts ahead of plural categories (`{{#=1}}`),
/// ordinal sections, and a count worded as nothing.
@Suite struct LocaleVariantTests {
    func renderer(_ yaml: String, code: String = "en") throws -> MessageRenderer {
        let bundle = try LocaleBundle.parse(yaml: yaml, file: "\(code).yaml", code: code)
        return MessageRenderer(bundle: bundle, gameType: "G", logger: .init(label: "test"))
    }

    /// `count` draws of `color` in a row, ending at issue 100.
    func run(_ color: String, _ count: Int) -> (Draw, [Draw]) {
        let other = color == "Red" ? "Green" : "Red"
        let window =
            [Draw(issue: Int64(99 - count), value: "0", colors: [other])]
            + (0..<count).map { Draw(issue: Int64(100 - count + 1 + $0), value: "5", colors: [color]) }
        return (window.last!, window)
    }

    func text(_ renderer: MessageRenderer, _ color: String, _ count: Int) -> String {
        let (draw, window) = run(color, count)
        return renderer.render(draw, seenAt: Date(), history: window)
    }

    /// Korean: 빨강이, 초록이, 보라가 — the particle follows the colour word's last sound.
    @Test func aPhraseChoosesItsWordingByTheColour() throws {
        let yaml = LocaleFiles.full(
            extra: "formatting_locale: ko_KR",
            streak: "{{color}}{{#color=violet}}가{{/color=violet}}{{^color=violet}}이{{/color=violet}} {{count}}회 연속", result: "{{streak}}"
        )
        .replacingOccurrences(of: "\"RED\"", with: "\"빨강\"").replacingOccurrences(of: "\"GREEN\"", with: "\"초록\"")
        .replacingOccurrences(of: "\"VIOLET\"", with: "\"보라\"")
        let ko = try renderer(yaml, code: "ko")
        #expect(text(ko, "Red", 3) == "빨강이 3회 연속")
        #expect(text(ko, "Violet", 2) == "보라가 2회 연속")
    }

    @Test func anExactCountComesAheadOfItsCategory() throws {
        let en = try renderer(
            LocaleFiles.full(
                streak: "{{#=1}}first {{color}}{{/=1}}{{#one}}{{count}} draw{{/one}}{{#other}}{{count}} draws{{/other}}", result: "{{streak}}"))
        #expect(text(en, "Red", 1) == "first RED")
        #expect(text(en, "Red", 2) == "2 draws")
        #expect(text(en, "Red", 21) == "21 draws")
    }

    @Test func aRunOfOneCanLeaveTheLineOut() throws {
        let byCount = try renderer(LocaleFiles.full(result: "{{issue}}{{^streak_count=1}} {{streak}}{{/streak_count=1}}"))
        #expect(text(byCount, "Red", 1) == "100")
        #expect(text(byCount, "Red", 3) == "100 3 draws")
        // A phrase that words the count as nothing leaves out the message's {{#streak}} section.
        let byPhrase = try renderer(
            LocaleFiles.full(streak: "{{#=1}}{{/=1}}{{^=1}}{{count}} in a row{{/=1}}", result: "{{issue}}{{#streak}} 🔥 {{streak}}{{/streak}}"))
        #expect(text(byPhrase, "Red", 1) == "100")
        #expect(text(byPhrase, "Red", 4) == "100 🔥 4 in a row")
    }

    @Test func aMessageCanChooseByTheStreakColour() throws {
        let en = try renderer(
            LocaleFiles.full(result: "{{#streak_color=violet}}rare!{{/streak_color=violet}}{{^streak_color=violet}}-{{/streak_color=violet}}"))
        #expect(text(en, "Violet", 1) == "rare!")
        #expect(text(en, "Green", 1) == "-")
    }

    @Test func ordinalSectionsFollowTheLanguagesOrdinalRules() throws {
        let en = try renderer(
            LocaleFiles.full(
                streak:
                    "{{count}}{{#ordinal.one}}st{{/ordinal.one}}{{#ordinal.two}}nd{{/ordinal.two}}{{#ordinal.few}}rd{{/ordinal.few}}{{#ordinal.other}}th{{/ordinal.other}}",
                result: "{{streak}}"))
        #expect([1, 2, 3, 4, 11, 22].map { text(en, "Red", $0) } == ["1st", "2nd", "3rd", "4th", "11th", "22nd"])
    }

    @Test(arguments: [
        ("{{#color=blue}}x{{/color=blue}}", "tests a colour the locale has no label for"),
        ("{{#=x}}x{{/=x}}", "compares a number with 'x'"),
        ("{{#ordinal.few}}x{{/ordinal.few}}", "ordinal.uses the plural category 'few', which 'ja' does not have"),
    ])
    func aVariantThePhraseCannotHaveIsAnError(streak: String, message: String) {
        let error = #expect(throws: FileError.self) { try LocaleBundle.parse(yaml: LocaleFiles.full(streak: streak), file: "ja.yaml", code: "ja") }
        #expect(error?.key == "plurals.streak")
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
    }

    @Test func aMessageCannotTestACountItDoesNotHave() {
        let error = #expect(throws: FileError.self) {
            try LocaleBundle.parse(yaml: LocaleFiles.full(result: "{{#=1}}x{{/=1}}"), file: "en.yaml", code: "en")
        }
        #expect(error?.key == "messages.result")
        #expect(error?.message.contains("'{{#=1}}' tests 'count', which this text cannot test") == true, "\(error?.message ?? "")")
    }
}

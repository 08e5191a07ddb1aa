// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotLocalization
import BotSupport
import Foundation
import Testing

/// `{{#match …}}` in every message: plural and ordinal by CLDR's rules of the text's language,
/// select on a colour, exact values, several selectors, the required `{{*}}` branch, and what
/// `locales check` says of a match it cannot trust.
@Suite struct MessageSelectorTests {
    /// `count` draws of `color` ending at issue 100 (after one of another colour).
    func run(_ color: String, _ count: Int) -> [Draw] {
        let other = color == "Red" ? "Green" : "Red"
        return [Draw(issue: Int64(99 - count), value: "0", colors: [other])]
            + (0..<count).map { Draw(issue: Int64(100 - count + 1 + $0), value: "5", colors: [color]) }
    }

    /// A locale whose `messages.trend` is `trend` (lines of a block, indented under the key).
    func locale(extra: String = "", streak: String = "{{count}}", result: String = "{{issue}}", trend: String? = nil, board: String? = nil)
        -> String
    {
        var text = LocaleFiles.full(extra: extra, streak: streak, result: result)
        for (key, value) in [("trend", trend), ("board", board)] {
            guard let value else { continue }
            text +=
                "  \(key): |\n" + value.split(separator: "\n", omittingEmptySubsequences: false).map { "    \($0)" }.joined(separator: "\n") + "\n"
        }
        return text
    }

    func bundle(_ yaml: String, code: String) throws -> LocaleBundle {
        try LocaleBundle.parse(yaml: yaml, file: "\(code).yaml", code: code)
    }

    func caption(_ bundle: LocaleBundle, _ draws: [Draw]) -> String {
        TrendCaption.render(TrendStats(draws, limit: draws.count), bundle: bundle, format: .plain, gameType: "RG5M")
    }

    func result(_ bundle: LocaleBundle, _ draws: [Draw]) -> String {
        MessageRenderer(bundle: bundle, gameType: "G", logger: .init(label: "test")).render(draws.last!, seenAt: Date(), history: draws)
    }

    /// آخر 3 نتائج / آخر 11 نتيجة: Arabic's six CLDR forms, chosen on the caption's raw `draws`.
    @Test func theArabicTrendCaptionSaysHowManyResultsInTheRightForm() throws {
        let trend = """
            آخر {{draws}} {{#match draws plural}}
            {{=1}}نتيجة واحدة{{two}}نتيجتان{{few}}نتائج{{many}}نتيجة{{*}}نتيجة{{/match}}
            """
        let ar = try bundle(locale(extra: "formatting_locale: ar@numbers=latn", trend: trend), code: "ar")
        #expect(caption(ar, Array(run("Red", 2).suffix(3))) == "آخر 3 نتائج\n")
        #expect(caption(ar, run("Green", 10)) == "آخر 11 نتيجة\n")
        #expect(caption(ar, run("Green", 1).suffix(1)) == "آخر 1 نتيجة واحدة\n")
        #expect(caption(ar, run("Green", 1)) == "آخر 2 نتيجتان\n")
        #expect(caption(ar, run("Green", 99)) == "آخر 100 نتيجة\n")
    }

    /// Korean: 빨강이, 초록이, 보라가: the particle follows the colour word, and `{{*}}` stands for
    /// every colour no key names.
    @Test func aKoreanCaptionAndPhraseChooseTheParticleByColourWithADefault() throws {
        let yaml = locale(
            extra: "formatting_locale: ko_KR", streak: "{{color}}{{#match color}}{{violet}}가{{*}}이{{/match}} {{count}}회 연속",
            result: "{{streak}}", trend: "{{current_color}}{{#match current_color}}{{violet}}가{{*}}이{{/match}} {{current_count}}회 연속"
        )
        .replacingOccurrences(of: "\"RED\"", with: "\"빨강\"").replacingOccurrences(of: "\"GREEN\"", with: "\"초록\"")
        .replacingOccurrences(of: "\"VIOLET\"", with: "\"보라\"")
        let ko = try bundle(yaml, code: "ko")
        #expect(caption(ko, run("Red", 3)) == "빨강이 3회 연속\n")
        #expect(caption(ko, run("Violet", 2)) == "보라가 2회 연속\n")
        #expect(result(ko, run("Green", 4)) == "초록이 4회 연속")
        #expect(result(ko, run("Violet", 1)) == "보라가 1회 연속")
    }

    /// Russian: 1 тираж, 2 тиража, 5 тиражей, 11 тиражей, 21 тираж.
    @Test func aRussianPhraseFollowsTheRussianCardinalRules() throws {
        let ru = try bundle(
            locale(
                extra: "formatting_locale: ru_RU",
                streak: "{{count}} {{#match count plural}}{{one}}тираж{{few}}тиража{{many}}тиражей{{*}}тиража{{/match}} подряд",
                result: "{{streak}}"),
            code: "ru")
        #expect(
            [1, 2, 5, 11, 21, 22].map { result(ru, run("Red", $0)) } == [
                "1 тираж подряд", "2 тиража подряд", "5 тиражей подряд", "11 тиражей подряд", "21 тираж подряд", "22 тиража подряд",
            ])
    }

    @Test func anOrdinalMatchFollowsTheLanguagesOrdinalRules() throws {
        let en = try bundle(locale(result: "{{streak_count}}{{#match streak_count ordinal}}{{one}}st{{two}}nd{{few}}rd{{*}}th{{/match}}"), code: "en")
        #expect(
            [1, 2, 3, 4, 11, 12, 13, 22, 101].map { result(en, run("Red", $0)) } == [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "22nd", "101st",
            ])
    }

    /// An exact key beats a category, a category beats `*`, and the first selector decides first.
    @Test func severalSelectorsPickTheBestBranchFirstSelectorFirst() throws {
        let en = try bundle(
            locale(
                result:
                    "{{#match streak_count plural, streak_color}}{{=1 violet}}a rare one{{=1 *}}single{{one *}}one{{* violet}}violets{{* *}}{{streak_count}} in a row{{/match}}"
            ),
            code: "en")
        #expect(result(en, run("Violet", 1)) == "a rare one")
        #expect(result(en, run("Red", 1)) == "single")
        #expect(result(en, run("Violet", 3)) == "violets")
        #expect(result(en, run("Green", 3)) == "3 in a row")
    }

    /// A match inside a branch chooses on its own; matches nest no deeper than sections do.
    @Test func matchesNestWithinTheSectionLimit() throws {
        let en = try bundle(
            locale(result: "{{#match streak_color}}{{violet}}V{{#match streak_count plural}}{{one}}1{{*}}n{{/match}}{{*}}-{{/match}}"), code: "en")
        #expect(result(en, run("Violet", 1)) == "V1")
        #expect(result(en, run("Violet", 2)) == "Vn")
        #expect(result(en, run("Red", 2)) == "-")
        let deep = String(repeating: "{{#match streak_color}}{{*}}", count: 17) + String(repeating: "{{/match}}", count: 17)
        let error = #expect(throws: FileError.self) { try bundle(locale(result: deep), code: "en") }
        #expect(error?.message.contains("sections nest more than 16 deep") == true, "\(error?.message ?? "")")
    }

    /// The board chooses on the trend's raw numbers and colour names as the caption does.
    @Test func theBoardChoosesOnTheTrendsRawValues() throws {
        let en = try bundle(
            locale(
                board:
                    "{{#match longest_count plural}}{{one}}no run{{*}}longest {{longest_count}}{{/match}}, {{#match longest_color}}{{red}}red{{*}}not red{{/match}}"
            ),
            code: "en")
        let renderer = MessageRenderer(bundle: en, gameType: "G", logger: .init(label: "test"))
        let draws = run("Red", 4)
        #expect(renderer.renderBoard(draws.last!, history: Array(draws.dropLast()), format: .plain) == "longest 4, red\n")
    }

    /// A line holding only a match or key tag leaves no blank line, so a block can be written one
    /// branch per line.
    @Test func aBlockCanBeWrittenOneBranchPerLine() throws {
        let en = try bundle(
            locale(trend: "Last\n{{#match draws plural}}\n{{one}}\none result\n{{*}}\n{{draws}} results\n{{/match}}\nshown"), code: "en")
        #expect(caption(en, run("Red", 2)) == "Last\n3 results\nshown\n")
        #expect(caption(en, Array(run("Red", 2).suffix(1))) == "Last\none result\nshown\n")
    }

    /// The old syntax keeps working next to the new one.
    @Test func variantsAndCategorySectionsStillWork() throws {
        let en = try bundle(
            locale(
                streak: "{{count}} {{#one}}draw{{/one}}{{#other}}draws{{/other}}", result: "{{#streak_color=red}}R{{/streak_color=red}} {{streak}}"),
            code: "en")
        #expect(result(en, run("Red", 1)) == "R 1 draw")
        #expect(result(en, run("Green", 2)) == " 2 draws")
    }

    func check(_ yaml: String, code: String = "en") throws -> (dir: String, found: [String]) {
        let dir = try LocaleFiles.directory(["\(code).yaml": yaml])
        return (dir, try LocaleCheck.run(directory: dir, reference: code).map(\.description))
    }

    @Test func aMatchWithoutADefaultBranchIsRefusedWithItsLine() throws {
        let (dir, found) = try check(locale(trend: "{{draws}}\n{{#match draws plural}}\n{{one}}result\n{{other}}results\n{{/match}}"))
        #expect(
            found == [
                "\(dir)/en.yaml:19: error: messages.trend: '{{#match draws plural}}' has no {{*}} branch: every match needs a default "
                    + "(ICU's other, MessageFormat 2's *) for the values no key names"
            ])
        let two = try check(locale(result: "{{#match streak_count plural, streak_color}}{{one red}}x{{* red}}y{{/match}}"))
        #expect(two.found.first?.contains("has no {{* *}} branch") == true, "\(two.found)")
    }

    @Test(arguments: [
        ("{{#match streak_count plural}}{{onee}}x{{*}}y{{/match}}", "'{{onee}}' is neither a key of the plural match on streak_count"),
        ("{{#match streak_count plural}}{{issue}}x{{*}}y{{/match}}", "has text before its first key"),
        ("{{#match streak_count ordinal}}{{=1}}x{{onee}}{{*}}y{{/match}}", "'{{onee}}' is neither a key of the ordinal match"),
        ("{{#match streak_count plural}}{{=1 x}}x{{*}}y{{/match}}", "has 2 key(s), but the match chooses on 1"),
        ("{{#match streak_count plural, streak_color}}{{onee red}}x{{* *}}y{{/match}}", "'onee' in '{{onee red}}' is not a CLDR plural category"),
        ("{{#match streak_count plural}}{{=x}}x{{*}}y{{/match}}", "'=x' in '{{=x}}' is not a CLDR plural category"),
        ("{{#match bogus plural}}{{*}}y{{/match}}", "'{{#match}}' chooses on the unknown placeholder 'bogus'"),
        ("{{#match streak_color plural}}{{*}}y{{/match}}", "chooses on 'streak_color' by plural, but it is not a number"),
        ("{{#match streak_count plural, streak_color}}{{one}}x{{* *}}y{{/match}}", "has 1 key(s), but the match chooses on 2"),
        (
            "{{#match streak_color}}{{blue}}x{{*}}y{{/match}}",
            "'{{blue}}' names the colour 'blue' for streak_color, which the locale has no label for"
        ),
        ("{{#match streak_count plural}}text{{*}}y{{/match}}", "has text before its first key"),
        ("{{*}}", "is a match key outside a {{#match …}} block"),
        ("{{#match draws plural}}{{*}}y{{/match}}", "'{{#match}}' chooses on the unknown placeholder 'draws'"),
    ])
    func aMatchThatCannotWorkIsAnErrorNamingTheKey(result: String, message: String) throws {
        let (dir, found) = try check(locale(result: result))
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.hasPrefix("\(dir)/en.yaml:16: error: messages.result: ") == true, "\(found)")
        #expect(found.first?.contains(message) == true, "\(found)")
    }

    /// `few` is a CLDR category, but not an English one: no number reaches it, so it is a warning.
    @Test func aCategoryTheLanguageLacksIsAWarning() throws {
        let (dir, found) = try check(locale(result: "{{#match streak_count plural}}{{one}}x{{few}}y{{*}}z{{/match}}"))
        #expect(
            found == [
                "\(dir)/en.yaml:16: warning: messages.result: '{{few}}' names the cardinal plural category 'few', which 'en' does not have "
                    + "(CLDR \(PluralRules.cldrVersion): one, other); no number shows this branch"
            ])
    }
}

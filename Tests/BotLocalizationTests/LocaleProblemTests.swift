// SPDX-License-Identifier: Apache-2.0
import BotLocalization
import BotSupport
import Foundation
import TestHarness
import Testing

/// What a locale file may get wrong about the keys and placeholders added for history, streaks,
/// plurals and formatting; each is an error naming the file, the key and the line.
@Suite struct LocaleProblemTests {
    func error(_ yaml: String, code: String = "xx") -> FileError? {
        #expect(throws: FileError.self) { try LocaleBundle.parse(yaml: yaml, file: "Locales/\(code).yaml", code: code) }
    }

    @Test func shippedFullLocaleTextLoads() throws {
        let bundle = try LocaleBundle.parse(yaml: LocaleFiles.full(extra: "history_length: 4"), file: "en.yaml", code: "en")
        #expect(bundle.historyLength == 4)
        #expect(bundle.symbol(forColor: "GREEN") == "g")
        #expect(bundle.phrases["streak"] != nil)
    }

    @Test func historyNeedsASymbolForEveryRequiredColour() {
        let yaml = LocaleFiles.full().replacingOccurrences(of: "  violet: \"v\"\n", with: "")
        let error = error(yaml, code: "en")
        #expect(error?.key == "color_symbols.violet")
        #expect(error?.line == 9)
    }

    @Test func streakNeedsItsPhrase() {
        let yaml = LocaleFiles.full().replacingOccurrences(
            of: "plurals:\n  streak: \"{{count}} {{#one}}draw{{/one}}{{#other}}draws{{/other}}\"\n", with: "")
        #expect(error(yaml, code: "en")?.key == "plurals.streak")
    }

    @Test func aPhraseMayNotUseACategoryItsLanguageLacks() {
        let error = error(LocaleFiles.full(extra: "formatting_locale: vi_VN"), code: "vi")
        #expect(error?.key == "plurals.streak")
        #expect(error?.description.contains("'one', which 'vi' does not have") == true)
        #expect(error?.line == 14)
    }

    @Test func aLanguageWithoutRulesMayUseOnlyOther() throws {
        #expect(error(LocaleFiles.full(), code: "xx")?.description.contains("CLDR has no cardinal plural rules for 'xx'") == true)
        _ = try LocaleBundle.parse(yaml: LocaleFiles.full(streak: "{{#other}}{{count}}x{{/other}}"), file: "xx.yaml", code: "xx")
    }

    @Test func aPhraseTakesOnlyPhrasePlaceholders() {
        let error = error(LocaleFiles.full(streak: "{{issue}} in a row"), code: "en")
        #expect(error?.key == "plurals.streak")
        #expect(error?.description.contains("unknown placeholder 'issue'") == true)
    }

    @Test func unknownPhraseNamesAndTopLevelKeysAreErrors() {
        #expect(
            error(LocaleFiles.full().replacingOccurrences(of: "plurals:\n", with: "plurals:\n  streek: x\n"), code: "en")?.key == "plurals.streek")
        #expect(error(LocaleFiles.full(extra: "colours: {}"), code: "en")?.key == "colours")
    }

    @Test func anUnknownFormattingLocaleIsAnError() {
        let error = error(LocaleFiles.full(extra: "formatting_locale: xx_YY"), code: "en")
        #expect(error?.key == "formatting_locale")
        #expect(error?.line == 3)
    }

    @Test func historyLengthIsBounded() {
        #expect(error(LocaleFiles.full(extra: "history_length: 0"), code: "en")?.key == "history_length")
    }

    @Test func anUnknownPlaceholderInAnInvertedSectionIsFound() {
        #expect(error(LocaleFiles.minimal(result: "{{^time}}{{tme}}{{/time}}"))?.description.contains("'tme'") == true)
    }

    @Test func everyUnknownPlaceholderOfATemplateIsNamed() {
        #expect(error(LocaleFiles.minimal(result: "{{isue}} {{valeu}}"))?.description.contains("unknown placeholders 'isue', 'valeu'") == true)
    }

    @Test func theFirstProblemSaysHowManyMoreThereAre() {
        let yaml = LocaleFiles.minimal(result: "{{isue}}").replacingOccurrences(of: "name: Test\n", with: "name: \"\"\n")
        let error = error(yaml)
        #expect(error?.key == "name")
        #expect(error?.description.contains("and 1 more; redgreen-bot locales check lists them all") == true)
    }

    @Test func aTemplateErrorInABlockScalarNamesTheLineOfItsText() {
        let yaml = LocaleFiles.minimal(result: "x").replacingOccurrences(
            of: "  result: \"x\"\n", with: "  result: |-\n    first\n    {{#issue}} open {{/value}}\n")
        let error = error(yaml)
        #expect(error?.key == "messages.result")
        #expect(error?.line == 10)
    }
}

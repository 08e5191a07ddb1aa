// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import Foundation
import Testing
import BotLocalization

/// The plural data is CLDR 47 (babel 2.17.0): the rules that changed since CLDR 41 (Hebrew lost
/// `many` in CLDR 42), the languages the issue names, and a locale written for the old rules,
/// which loads with a warning rather than being refused.
@Suite struct CurrentCLDRTests {
    @Test func theDataIsCLDR46OrLater() throws {
        let version = try #require(Int(PluralRules.cldrVersion))
        #expect(version >= 46)
    }

    @Test(arguments: [
        // Hebrew since CLDR 42: one, two, other (20 was `many`); 0.5 is `one` (i = 0 and v != 0).
        ("he", [0: "other", 1: "one", 2: "two", 3: "other", 10: "other", 20: "other", 100: "other"]),
        ("ar", [0: "zero", 1: "one", 2: "two", 3: "few", 10: "few", 11: "many", 99: "many", 100: "other", 102: "other", 103: "few"]),
        ("ru", [0: "many", 1: "one", 2: "few", 5: "many", 11: "many", 21: "one", 22: "few", 111: "many"]),
        ("pl", [0: "many", 1: "one", 2: "few", 5: "many", 12: "many", 21: "many", 22: "few"]),
        ("fil", [1: "one", 2: "one", 3: "one", 4: "other", 5: "one", 6: "other", 9: "other", 10: "one", 14: "other"]),
    ])
    func cardinalCategories(language: String, expected: [Int: String]) {
        let rules = PluralRules(language: language)
        for (count, category) in expected { #expect(rules.category(for: count).rawValue == category, "\(language) \(count)") }
    }

    @Test func hebrewHasNoManyAndKnowsWhenItWasDropped() throws {
        let he = PluralRules(language: "he_IL")
        #expect(he.categories == [.one, .two, .other])
        #expect(he.droppedIn(.many) == "42")
        #expect(he.droppedIn(.few) == nil)
        #expect(PluralRules(language: "ru").droppedIn(.many) == nil)
        #expect(try he.category(for: #require(PluralOperands("0.5"))) == .one)
    }

    /// Hebrew as shipped before the move to CLDR 47, with a `{{#many}}` section and a `{{many}}` branch.
    static let oldHebrew = LocaleFiles.full(
        extra: "formatting_locale: he_IL",
        streak: "{{#one}}פעם אחת{{/one}}{{#two}}פעמיים{{/two}}{{#many}}{{count}} פעמים{{/many}}{{#other}}{{count}} פעמים{{/other}}",
        result: "{{issue}} {{#match streak_count plural}}{{one}}a{{many}}m{{*}}o{{/match}} {{streak}}")

    @Test func aLocaleWrittenForTheOldRulesLoadsWithAWarning() throws {
        let dir = try LocaleFiles.directory(["he.yaml": Self.oldHebrew])
        let found = try LocaleCheck.run(directory: dir, reference: "he").map(\.description)
        let retired =
            "which 'he' has no longer: CLDR 42 dropped it (CLDR \(PluralRules.cldrVersion): one, two, other); "
            + "the file was written for an older rule set"
        #expect(found.count == 2, "\(found)")
        #expect(found.allSatisfy { $0.contains(": warning: ") && $0.contains(retired) }, "\(found)")
        #expect(
            found.contains { $0.hasPrefix("\(dir)/he.yaml:14: warning: plurals.streak: ") && $0.contains("{{#many}} section: remove it") }, "\(found)"
        )
        #expect(found.contains { $0.hasPrefix("\(dir)/he.yaml:16: warning: messages.result: '{{many}}' ") }, "\(found)")
        let bundle = try LocaleBundle.parse(yaml: Self.oldHebrew, file: "he.yaml", code: "he")
        #expect(bundle.code == "he")
    }

    /// A category the language never had stays an error: `{{#few}}` in English is a mistake, not an old rule set.
    @Test func aCategoryTheLanguageNeverHadIsStillAnError() throws {
        let text = LocaleFiles.full(streak: "{{#one}}a{{/one}}{{#few}}b{{/few}}{{#other}}c{{/other}}")
        let dir = try LocaleFiles.directory(["en.yaml": text])
        let found = try LocaleCheck.run(directory: dir, reference: "en").map(\.description)
        #expect(found.contains { $0.contains(": error: plurals.streak: uses the plural category 'few', which 'en' does not have") }, "\(found)")
    }

    @Test func everyShippedLocalePassesTheCheckWithoutAPluralWarning() throws {
        // vi.yaml's one warning is intended (it shows the UTC offset, not the zone name: docs/locales.md).
        let found = try LocaleCheck.run(directory: RepoPaths.locales, reference: "en").filter {
            !($0.problem.file.hasSuffix("/vi.yaml") && $0.problem.message.hasPrefix("leaves out {{time_zone}}"))
        }
        #expect(found.isEmpty, "\(found.map(\.description))")
        let files = try FileManager.default.contentsOfDirectory(atPath: RepoPaths.locales).filter { $0.hasSuffix(".yaml") }
        #expect(files.count == 22)
    }
}

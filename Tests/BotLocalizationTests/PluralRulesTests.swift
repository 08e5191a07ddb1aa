// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

@testable import BotLocalization

/// The plural rules a translator meets: the languages the issue names, locale identifiers, operands.
@Suite struct PluralRulesTests {
    @Test(arguments: [
        ("ru", [1: "one", 2: "few", 4: "few", 5: "many", 11: "many", 12: "many", 21: "one", 22: "few", 25: "many", 111: "many"]),
        ("pl", [1: "one", 2: "few", 5: "many", 22: "few", 112: "many"]),
        ("cs", [1: "one", 3: "few", 5: "other"]),
        ("ar", [0: "zero", 1: "one", 2: "two", 3: "few", 11: "many", 100: "other"]),
        ("he", [1: "one", 2: "two", 3: "other", 20: "other"]),
        ("hi", [0: "one", 1: "one", 2: "other"]),
        ("fr", [0: "one", 1: "one", 2: "other", 1_000_000: "many"]),
        ("en", [1: "one", 0: "other", 2: "other"]),
        ("ja", [1: "other"]),
    ])
    func cardinalCategoriesOfTheLanguagesTheIssueNames(language: String, expected: [Int: String]) {
        let rules = PluralRules(language: language)
        for (count, category) in expected { #expect(rules.category(for: count).rawValue == category, "\(language) \(count)") }
    }

    @Test func ordinalsFollowCLDR() {
        let en = PluralRules(language: "en", kind: .ordinal)
        #expect(
            [1, 2, 3, 4, 11, 12, 13, 21, 22, 23].map { en.category(for: $0).rawValue } == [
                "one", "two", "few", "other", "other", "other", "other", "one", "two", "few",
            ])
        #expect(PluralRules(language: "fr", kind: .ordinal).category(for: 1) == .one)
    }

    @Test func aLocaleIdentifierFindsItsMostSpecificRules() {
        #expect(PluralRules(language: "pt-BR").language == "pt")
        #expect(PluralRules(language: "pt_PT").language == "pt_PT")
        #expect(PluralRules(language: "pt_BR").category(for: 0) == .one)
        #expect(PluralRules(language: "pt_PT").category(for: 0) == .other)
        #expect(PluralRules(language: "ko_KR@hours=h23").language == "ko")
        #expect(!PluralRules(language: "xx").isKnown)
        #expect(PluralRules(language: "xx").category(for: 1) == .other)
    }

    @Test func wholeNumberCategoriesLeaveOutThoseOnlyFractionsReach() {
        #expect(PluralRules(language: "ru").wholeNumberCategories == [.one, .few, .many])
        #expect(PluralRules(language: "ru").categories == [.one, .few, .many, .other])
        #expect(PluralRules(language: "fr").wholeNumberCategories == [.one, .many, .other])
    }

    @Test func operandsOfDecimalsAndCompactNumbers() throws {
        let decimal = try #require(PluralOperands("1.50"))
        #expect((decimal.i, decimal.v, decimal.w, decimal.f, decimal.t, decimal.e) == (1, 2, 1, 50, 5, 0))
        let compact = try #require(PluralOperands("1.1c3"))
        #expect((compact.n, compact.i, compact.v, compact.e) == (1100, 1100, 0, 3))
        #expect(PluralOperands("1c6")?.i == 1_000_000)
        #expect(PluralOperands("1.2.3") == nil)
        #expect(PluralOperands("x") == nil)
    }

    @Test func cldrParentsGiveTheAutomaticFallback() {
        #expect(CLDRParent.of("pt_BR") == "pt")
        #expect(CLDRParent.of("pt_AO") == "pt_PT")
        #expect(CLDRParent.of("es_MX") == "es_419")
        #expect(CLDRParent.of("zh_Hant") == nil)
        #expect(CLDRParent.of("pt") == nil)
    }
}

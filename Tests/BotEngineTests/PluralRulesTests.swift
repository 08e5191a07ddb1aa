import BotEngine
import Testing

@Suite struct PluralRulesTests {
    @Test func englishIsOneForExactlyOneAndOtherOtherwise() {
        let rules = PluralRules(language: "en")
        #expect(rules.categories == [.one, .other])
        #expect(rules.category(for: 1) == .one)
        for count in [0, 2, 3, 11, 21, 101, 1_000_000] { #expect(rules.category(for: count) == .other, "\(count)") }
    }

    @Test(arguments: ["vi", "ja", "id", "th"])
    func shippedAsianLanguagesHaveOnlyOther(language: String) {
        let rules = PluralRules(language: language)
        #expect(rules.isKnown)
        #expect(rules.categories == [.other])
        for count in [0, 1, 2, 5, 21, 100] { #expect(rules.category(for: count) == .other) }
    }

    @Test func localeIdentifiersUseTheirLanguage() {
        #expect(PluralRules(language: "en_GB").language == "en")
        #expect(PluralRules(language: "th_TH").categories == [.other])
        #expect(PluralRules(language: "de-DE").category(for: 1) == .one)
    }

    @Test func aLanguageMissingFromTheTableIsOtherOnlyAndSaysSo() {
        let rules = PluralRules(language: "xx")
        #expect(!rules.isKnown)
        #expect(rules.categories == [.other])
        #expect(rules.category(for: 1) == .other)
        #expect(PluralRules.knownLanguages.contains("en") && !PluralRules.knownLanguages.contains("xx"))
    }
}

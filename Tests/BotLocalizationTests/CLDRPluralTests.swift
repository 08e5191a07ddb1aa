// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

@testable import BotLocalization

/// Every CLDR language's plural rules, cardinal and ordinal, against sample numbers for each
/// category (`@integer 2, 3, … @decimal 0.0, 1.5, …`): whole numbers and decimals that babel's own
/// evaluator sorts into categories, generated with the rules by Scripts/generate-plurals.py from
/// babel's CLDR 47 (which keeps no CLDR samples), so a rule the engine misreads shows here.
@Suite struct CLDRPluralTests {
    /// The numbers of a CLDR sample list, with each range (`2~16`, `0.0~1.5`) walked in steps of
    /// its last digit, at most 200 numbers a range.
    static func numbers(in samples: String) -> [String] {
        var out: [String] = []
        let items = samples.replacingOccurrences(of: "@integer", with: ",").replacingOccurrences(of: "@decimal", with: ",")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && $0 != "…" }
        for item in items {
            let bounds = item.split(separator: "~").map(String.init)
            guard bounds.count == 2 else {
                out.append(item)
                continue
            }
            let digits = bounds[0].split(separator: ".").dropFirst().first?.count ?? 0
            let scale = pow(10, Double(digits))
            guard let low = Double(bounds[0]), let high = Double(bounds[1]) else {
                out.append(item)
                continue
            }
            var step = (low * scale).rounded()
            var walked = 0
            while step <= (high * scale).rounded() && walked < 200 {
                out.append(String(format: "%.\(digits)f", step / scale))
                step += 1
                walked += 1
            }
        }
        return out
    }

    static let cardinalLanguages = CLDRPluralSamples.cardinal.keys.sorted()
    static let ordinalLanguages = CLDRPluralSamples.ordinal.keys.sorted()

    @Test(arguments: cardinalLanguages)
    func cardinalRulesGiveEverySampleItsCategory(language: String) throws {
        try check(language: language, kind: .cardinal, samples: CLDRPluralSamples.cardinal[language]!)
    }

    @Test(arguments: ordinalLanguages)
    func ordinalRulesGiveEverySampleItsCategory(language: String) throws {
        try check(language: language, kind: .ordinal, samples: CLDRPluralSamples.ordinal[language]!)
    }

    func check(language: String, kind: PluralRules.Kind, samples: [String: String]) throws {
        let table = kind == .cardinal ? CLDRPluralData.cardinal : CLDRPluralData.ordinal
        // Every rule parses (a rule that did not would silently never match).
        _ = try PluralRules.parse(table[language]!)
        let rules = PluralRules(language: language, kind: kind)
        #expect(rules.isKnown)
        #expect(rules.categories == Set(samples.keys.compactMap(PluralCategory.init(rawValue:))))
        var checked = 0
        for (name, list) in samples {
            let category = try #require(PluralCategory(rawValue: name))
            for number in Self.numbers(in: list) {
                let operands = try #require(PluralOperands(number), "\(language) \(name): '\(number)' is not a number")
                #expect(rules.category(for: operands) == category, "\(language) \(kind) \(number): expected \(name)")
                if operands.v == 0 && operands.e == 0, let whole = Int(number) {
                    #expect(rules.category(for: whole) == category, "\(language) \(kind) \(whole) as an integer")
                }
                checked += 1
            }
        }
        #expect(checked > 0)
    }

    @Test func theTablesCoverEveryLanguageOfCLDR() {
        #expect(CLDRPluralData.cardinal.count == CLDRPluralSamples.cardinal.count)
        #expect(CLDRPluralData.ordinal.count == CLDRPluralSamples.ordinal.count)
        #expect(CLDRPluralData.cardinal.count > 200)
        for language in ["hi", "ru", "pl", "cs", "ar", "he", "fr", "es", "pt", "it", "ko"] { #expect(CLDRPluralData.cardinal[language] != nil) }
    }
}

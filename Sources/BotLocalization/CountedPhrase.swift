// SPDX-License-Identifier: Apache-2.0
/// A phrase from `plurals:` that changes with a count, such as the streak's "3 draws in a row",
/// with the plural rules of the language it is written in (a phrase taken from a fallback locale
/// keeps that locale's grammar).
///
/// Exact cases come ahead of categories, as in ICU MessageFormat: when the phrase has a section
/// for the count itself (`{{#=1}}…{{/=1}}`), that section shows and no category section does.
public struct CountedPhrase: Sendable {
    /// The phrase's template: `{{count}}`, `{{color}}`, a section per plural category, exact cases.
    public let template: MessageTemplate
    /// The cardinal plural rules that pick the category for a count.
    public let rules: PluralRules
    /// The ordinal rules for `{{#ordinal.one}}` and the like.
    public let ordinalRules: PluralRules
    /// The exact counts the phrase has its own section for (`{{#=1}}` → 1).
    public let exactCounts: Set<Int>

    /// A phrase written in the language of `rules`.
    public init(template: MessageTemplate, rules: PluralRules) {
        self.template = template
        self.rules = rules
        self.ordinalRules = PluralRules(language: rules.language, kind: .ordinal)
        self.exactCounts = Set(template.variants.filter { $0.name == "count" }.compactMap { Int($0.value) })
    }

    /// The values that show the sections of `count`'s category (none when an exact case matches)
    /// and hide the others, plus `values`.
    public func values(count: Int, adding values: [String: Any]) -> [String: Any] {
        let category: PluralCategory? = exactCounts.contains(count) ? nil : rules.category(for: count)
        var out = values
        for each in PluralCategory.allCases { out[each.rawValue] = each == category }
        if !template.ordinalCategories.isEmpty {
            let ordinal = ordinalRules.category(for: count)
            out["ordinal"] = Dictionary(uniqueKeysWithValues: PluralCategory.allCases.map { ($0.rawValue, $0 == ordinal) })
        }
        return out
    }

    /// The phrase for `count`: `values` inserted, `variants` the values variant sections compare.
    public func render(count: Int, values: [String: Any], variants: [String: String]) -> String {
        var compared = variants
        compared["count"] = String(count)
        return template.render(self.values(count: count, adding: values), variants: compared)
    }
}

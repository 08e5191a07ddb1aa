/// A phrase from `plurals:` that changes with a count, such as the streak's "3 draws in a row",
/// with the plural rules of the language it is written in (a phrase taken from a fallback locale
/// keeps that locale's grammar).
public struct CountedPhrase: Sendable {
    /// The phrase's template: `{{count}}`, `{{color}}` and a section per plural category.
    public let template: MessageTemplate
    /// The plural rules that pick the category for a count.
    public let rules: PluralRules

    /// A phrase written in the language of `rules`.
    public init(template: MessageTemplate, rules: PluralRules) {
        self.template = template
        self.rules = rules
    }

    /// The values that show the sections of `count`'s category and hide the others, plus `values`.
    public func values(count: Int, adding values: [String: Any]) -> [String: Any] {
        let category = rules.category(for: count)
        var out = values
        for each in PluralCategory.allCases { out[each.rawValue] = each == category }
        return out
    }
}

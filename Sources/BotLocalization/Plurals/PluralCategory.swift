// SPDX-License-Identifier: Apache-2.0
/// A CLDR plural category: which form of a counted phrase a language uses for a number
/// (English says "1 draw" (`one`) but "3 draws" (`other`); Vietnamese, Japanese, Indonesian and
/// Thai use `other` for every number).
///
/// In a `plurals:` phrase of a locale file each category is a Mustache section that is true for
/// the count's category only: `{{count}} {{#one}}draw{{/one}}{{#other}}draws{{/other}}`.
public enum PluralCategory: String, Sendable, CaseIterable, Comparable {
    case zero, one, two, few, many, other

    /// CLDR's order: zero, one, two, few, many, other.
    public static func < (lhs: PluralCategory, rhs: PluralCategory) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

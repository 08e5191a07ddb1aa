// SPDX-License-Identifier: Apache-2.0
/// The CLDR plural rules of a language, cardinal ("3 draws") or ordinal ("3rd draw"), for every
/// language CLDR has rules for.
///
/// The rules are CLDR's own text (`CLDRPluralData`, generated from CLDR's `plurals.xml` and
/// `ordinals.xml` by `Scripts/generate-plurals.py`), parsed once and evaluated on the CLDR
/// operands of a number, so decimals and compact numbers (`1c6`) get their category as well as
/// whole numbers. A language CLDR does not know gets `other` for every number, with `isKnown` false.
public struct PluralRules: Sendable, Equatable {
    /// Which numbers the rules are for.
    public enum Kind: String, Sendable, CaseIterable {
        /// Counts: "1 draw", "3 draws".
        case cardinal
        /// Ranks: "1st", "2nd", "3rd".
        case ordinal
    }

    private struct Rule: Sendable, Equatable {
        var category: PluralCategory
        var condition: PluralCondition
    }

    /// The CLDR locale the rules come from (`en`, `pt_PT`, `pt` for `pt_BR`); the language code
    /// asked for when CLDR has no rules for it.
    public let language: String
    /// Cardinal or ordinal.
    public let kind: Kind
    /// Every category the language has, `other` always among them.
    public let categories: Set<PluralCategory>
    /// The categories some whole number falls in (Russian `other` is for fractions only, so a
    /// count is never `other` in Russian).
    public let wholeNumberCategories: Set<PluralCategory>
    /// False when CLDR has no rules for the language and every number is `other`.
    public let isKnown: Bool
    private let rules: [Rule]

    /// The CLDR release the rules come from (`47`).
    public static var cldrVersion: String { CLDRPluralData.version }

    /// The languages CLDR has cardinal rules for, sorted.
    public static var knownLanguages: [String] { CLDRPluralData.cardinal.keys.sorted() }

    /// The rules of `language`, a language code (`th`) or a locale identifier (`th_TH`, `pt-BR`,
    /// `ko_KR@hours=h23`): the most specific CLDR locale that has rules (`pt_PT`, else `pt`).
    public init(language: String, kind: Kind = .cardinal) {
        let table = kind == .cardinal ? CLDRPluralData.cardinal : CLDRPluralData.ordinal
        let candidates = Self.candidates(for: language)
        let found = candidates.first { table[$0] != nil }
        self.language = found ?? candidates.last ?? language
        self.kind = kind
        self.isKnown = found != nil
        var rules: [Rule] = []
        if let found, let text = table[found] {
            // The data is generated and every language of it is parsed by a test, so a rule that
            // does not parse cannot ship; were one to, it would never match and numbers fall to `other`.
            rules = (try? Self.parseRules(text)) ?? []
        }
        self.rules = rules
        self.categories = Set(rules.map(\.category)).union([.other])
        var whole: Set<PluralCategory> = []
        for number in Self.probeNumbers { whole.insert(Self.category(of: PluralOperands(number), in: rules)) }
        self.wholeNumberCategories = whole
    }

    /// The category of the whole number `count`.
    public func category(for count: Int) -> PluralCategory {
        Self.category(of: PluralOperands(count), in: rules)
    }

    /// The category of a number given by its operands (a decimal, a compact number).
    public func category(for operands: PluralOperands) -> PluralCategory {
        Self.category(of: operands, in: rules)
    }

    /// The CLDR release that dropped `category` from this language's cardinal rules (`42` for
    /// Hebrew's `many`), or nil when the language never had it or has it still.
    public func droppedIn(_ category: PluralCategory) -> String? {
        guard kind == .cardinal, !categories.contains(category) else { return nil }
        return CLDRPluralData.retired[language]?[category.rawValue]
    }

    /// Parses one language's rules as `CLDRPluralData` holds them: `one: i = 1 and v = 0; other:`.
    static func parse(_ text: String) throws(PluralRuleError) -> [(PluralCategory, PluralCondition)] {
        try parseRules(text).map { ($0.category, $0.condition) }
    }

    private static func parseRules(_ text: String) throws(PluralRuleError) -> [Rule] {
        var rules: [Rule] = []
        for part in text.split(separator: ";") {
            let pieces = part.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            let name = pieces[0].trimmingCharacters(in: .whitespaces)
            guard let category = PluralCategory(rawValue: name) else { throw PluralRuleError("'\(name)' is not a plural category") }
            rules.append(Rule(category: category, condition: try PluralCondition(pieces.count > 1 ? String(pieces[1]) : "")))
        }
        return rules
    }

    private static func category(of operands: PluralOperands, in rules: [Rule]) -> PluralCategory {
        // `other` has no condition and comes last, so it is what is left.
        rules.first { $0.category != .other && $0.condition.matches(operands) }?.category ?? .other
    }

    /// Whole numbers that reach every category a whole number can be in: 0 to 1000, and the
    /// powers of ten and their multiples up to 10^15 (French `many` is for millions).
    private static let probeNumbers: [Int] = {
        var numbers = Array(0...1000)
        var power = 10_000
        while power <= 1_000_000_000_000_000 {
            numbers += (1...9).map { $0 * power } + [power + 1]
            power *= 10
        }
        return numbers
    }()

    /// `pt_BR` → `pt_BR`, `pt`; `sr-Latn-RS` → `sr_Latn_RS`, `sr_Latn`, `sr`; keywords (`@…`) dropped.
    static func candidates(for identifier: String) -> [String] {
        let base = identifier.split(separator: "@", maxSplits: 1).first.map(String.init) ?? identifier
        var parts = base.replacingOccurrences(of: "-", with: "_").split(separator: "_").map(String.init)
        guard !parts.isEmpty else { return [identifier] }
        parts[0] = parts[0].lowercased()
        var out: [String] = []
        while !parts.isEmpty {
            out.append(parts.joined(separator: "_"))
            parts.removeLast()
        }
        return out
    }
}

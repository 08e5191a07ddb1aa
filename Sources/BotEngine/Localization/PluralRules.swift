/// The CLDR plural rules of the languages the engine knows, for whole numbers (every count the
/// engine shows is one: draws in a row, draws in the history).
///
/// Foundation has no public plural-rule API on Linux, so the rules are a small table, taken from
/// CLDR's `plurals.xml` and restricted to integers (`v = 0`). A language missing from the table
/// gets `other` for every number: its phrases must not use any other category.
public struct PluralRules: Sendable, Equatable {
    /// The language code the rules are for (`en`, `vi`).
    public let language: String
    /// The categories the language uses for whole numbers, `other` always among them.
    public let categories: Set<PluralCategory>
    /// False when the language is not in the table and every number is `other`.
    public let isKnown: Bool
    private let rule: Rule

    /// How one language picks a category for a whole number.
    private enum Rule: Sendable, Equatable {
        /// Every number is `other` (ja, ko, zh, vi, th, id, ms, …).
        case otherOnly
        /// `one` for exactly 1, `other` for the rest (en, de, nl, sv, …).
        case oneForOne
    }

    private static let table: [String: Rule] = {
        var table: [String: Rule] = [:]
        for code in ["id", "ja", "km", "ko", "lo", "ms", "my", "th", "vi", "zh"] { table[code] = .otherOnly }
        for code in ["bg", "da", "de", "el", "en", "et", "fi", "hu", "nb", "nl", "nn", "sv", "tr"] { table[code] = .oneForOne }
        return table
    }()

    /// The languages in the table, sorted.
    public static var knownLanguages: [String] { table.keys.sorted() }

    /// The rules of `language`, a language code (`th`) or a locale identifier (`th_TH`, `pt-BR`);
    /// a language the table lacks gets `other` only, with `isKnown` false.
    public init(language: String) {
        let code = String(language.lowercased().prefix { $0 != "_" && $0 != "-" })
        self.language = code
        self.isKnown = Self.table[code] != nil
        self.rule = Self.table[code] ?? .otherOnly
        switch rule {
        case .otherOnly: categories = [.other]
        case .oneForOne: categories = [.one, .other]
        }
    }

    /// The category of the whole number `count`.
    public func category(for count: Int) -> PluralCategory {
        switch rule {
        case .otherOnly: .other
        case .oneForOne: count == 1 ? .one : .other
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotSupport
import Foundation

/// A message template from a locale file, in the part of Mustache a message needs (`{{issue}}`,
/// `{{colors}}`, sections such as `{{#time}}…{{/time}}`, variants such as `{{#color=violet}}`),
/// parsed by `TemplateParser`.
///
/// Compiled once at load time: a template that does not parse, that names a placeholder the
/// engine does not offer, or that reaches outside itself (partials, inheritance, changed
/// delimiters) is refused with an error naming the file and the key.
public struct MessageTemplate: Sendable {
    /// The names a message template (`messages.*`) may use, with what they hold.
    public static let placeholders: [String: String] = [
        "issue": "the draw's issue (period) number, without grouping separators",
        "value": "the result as the game shows it, such as 123",
        "colors": "the colour labels of the result, joined by the locale's color_separator",
        "game_type": "the game's type tag from config, such as RG5M",
        "game": "the game's name as the locale's games: section gives it (Red-Green 5 min), else its type tag; "
            + "{{game.definite}} a form of it, {{#match game.gender}} chooses on one",
        "time": "the draw's time of day in the bot's time_zone, as the locale writes it (19:29:04)",
        "date": "the draw's date in the bot's time_zone, as the locale writes it (22 thg 2, 2025)",
        "time_zone": "the bot's time zone as the locale names it (Giờ Việt Nam, JST, UTC)",
        "utc_offset": "the bot's offset from UTC at the draw's time (UTC+7, UTC)",
        "zone_abbreviation":
            "the bot's time zone abbreviation at the draw's time, standard or summer (BRT, EST, EDT; GMT+3 where the locale has none)",
        "locale_name": "the locale's display name",
        "history": "the last history_length results up to this draw, oldest first, one color_symbols symbol each",
        "streak": "the plurals.streak phrase for the run of this draw's main colour (3 draws of GREEN 🟢); "
            + "as a section, {{#streak}}…{{/streak}} shows only when the phrase is not empty",
        "streak_count": "how many draws in a row, this one included, have this draw's main colour",
        "streak_color": "the colour label of this draw's main colour (its first colour)",
    ]

    /// The names a counted phrase (`plurals.*`) may use: the count, the colour, one section per
    /// CLDR plural category, true only for the count's category, and `ordinal.<category>` for the
    /// count's ordinal category.
    public static let phrasePlaceholders: [String: String] = {
        var names = [
            "count": "the number counted, as the locale writes numbers",
            "color": "the colour label of the run",
            "ordinal": "sections ordinal.one, ordinal.two, … shown for the count's CLDR ordinal category (1st, 2nd, 3rd)",
        ]
        for category in PluralCategory.allCases {
            names[category.rawValue] = "a section shown when the count is in the plural category '\(category.rawValue)'"
        }
        return names
    }()

    /// The placeholders a variant section (`{{#color=violet}}`, `{{#=1}}`) may test, with the value
    /// it is compared with: colour names for colours, digits for counts.
    public static let variantNames: Set<String> = [
        "count", "color", "streak_count", "streak_color", "issue", "value", "game_type",
        "draws", "first_issue", "last_issue", "current_count", "current_color", "longest_count", "longest_color",
    ]

    /// The placeholders whose value is a number, which `{{#match name plural}}` and `ordinal` can
    /// choose on (a select can choose on any of `variantNames`).
    public static let numberNames: Set<String> = [
        "count", "streak_count", "issue", "draws", "first_issue", "last_issue", "current_count", "longest_count",
    ]

    /// The placeholders whose value is a colour, compared by the colour's name (`red`, `violet`).
    public static let colorNames: Set<String> = ["color", "streak_color", "current_color", "longest_color"]

    /// The placeholders that have named forms (`{{streak_color.object}}`, `{{game.definite}}`).
    static let formNames: Set<String> = colorNames.union(["game"])

    /// The template as written in the locale file.
    public let source: String
    /// The placeholder names the template uses, as values or as sections (not those it only
    /// tests in a variant section).
    public let names: Set<String>
    /// The variant sections the template has (`{{#color=violet}}` is `color` = `violet`; the
    /// exact count `{{#=1}}` is `count` = `1`).
    public let variants: Set<Variant>
    /// The ordinal categories the template has sections for (`{{#ordinal.few}}`).
    public let ordinalCategories: Set<PluralCategory>
    /// The `{{#match …}}` blocks, nested ones included, in the order written.
    let matches: [TemplateMatch]
    /// The forms of a colour the template asks for (`{{streak_color.object}}`, `{{#match
    /// color.gender}}` → `object`, `gender`): every colour the locale labels must have them.
    public let colorForms: Set<String>
    /// The forms of the game's name the template asks for (`{{game.definite}}`, `{{#match
    /// game.gender}}` → `definite`, `gender`): every game the locale names must have them.
    public let gameForms: Set<String>
    /// The cardinal rules `{{#match n plural}}` chooses by: those of the language the text is
    /// written in (a text taken from a fallback keeps its own); `other` for every number without.
    public let cardinalRules: PluralRules
    /// The ordinal rules `{{#match n ordinal}}` chooses by.
    public let ordinalRules: PluralRules
    private let nodes: [TemplateNode]

    /// A variant section: shown when the placeholder `name`'s value is `value`.
    public struct Variant: Sendable, Hashable, CustomStringConvertible {
        /// The placeholder tested (`color`, `count`).
        public var name: String
        /// The value it is compared with, case-insensitively (`violet`, `1`).
        public var value: String
        /// As written in a template: `{{#color=violet}}`, `{{#=1}}` for an exact count.
        public var description: String { "{{#\(name == "count" ? "" : name)=\(value)}}" }
    }

    /// How deep sections may nest (`{{#a}}{{#b}}…{{/b}}{{/a}}` is 2). A real message needs three or
    /// four levels; deeper is refused by the parser at the first tag past the limit, so nothing
    /// that walks a template recurses further.
    public static let maxNesting = 16

    /// Compiles `source`; `file` and `key` name it in errors. `placeholders` are the names it may
    /// use: those of a message unless given. `rules` are the cardinal plural rules of the text's
    /// language (for `{{#match n plural}}`; `ordinal` uses the same language's ordinal rules):
    /// without, every number is `other`. Time and memory are linear in the text's length.
    public init(
        _ source: String, file: String, key: String, line: Int? = nil, placeholders: [String: String] = MessageTemplate.placeholders,
        rules: PluralRules? = nil
    ) throws(FileError) {
        self.source = source
        cardinalRules = rules ?? PluralRules(language: "root")
        ordinalRules = PluralRules(language: cardinalRules.language, kind: .ordinal)
        do throws(TemplateParser.Failure) {
            nodes = try TemplateParser.parse(source, maxNesting: Self.maxNesting, placeholders: Set(placeholders.keys))
        } catch {
            throw FileError(.invalidValue, file: file, key: key, line: line.map { $0 + error.lineOffset }, error.message)
        }
        var names = TemplateNames(known: Set(placeholders.keys))
        names.visit(nodes)
        if !names.unknown.isEmpty {
            let unknown = names.unknown.sorted().map { "'\($0)'" }.joined(separator: ", ")
            let known = placeholders.keys.sorted().joined(separator: ", ")
            let noun = names.unknown.count == 1 ? "placeholder" : "placeholders"
            throw FileError(.invalidValue, file: file, key: key, line: line, "unknown \(noun) \(unknown) (known: \(known))")
        }
        let (forms, gameForms) = try Self.checkSelectors(of: names, placeholders: placeholders, file: file, key: key, line: line)
        let untestable = names.variants.filter { !Self.variantNames.contains($0.name) || placeholders[$0.name] == nil }
        if let variant = untestable.sorted(by: { $0.description < $1.description }).first {
            let testable = Self.variantNames.filter { placeholders[$0] != nil }.sorted().joined(separator: ", ")
            throw FileError(
                .invalidValue, file: file, key: key, line: line,
                "'\(variant)' tests '\(variant.name)', which this text cannot test (it can test: \(testable))"
            )
        }
        self.names = names.used
        colorForms = forms
        self.gameForms = gameForms
        variants = names.variants
        ordinalCategories = names.ordinals
        matches = names.matches
    }

    /// Checks what each `{{#match}}` of `names` chooses on: a known placeholder, by select only the
    /// ones a text can choose on, by plural only numbers, a colour's form by select; returns the
    /// colour and game forms the matches choose on (with those `names` shows).
    private static func checkSelectors(
        of names: TemplateNames, placeholders: [String: String], file: String, key: String, line: Int?
    ) throws(FileError) -> (colors: Set<String>, game: Set<String>) {
        var forms = names.forms
        var gameForms = names.gameForms
        for match in names.matches {
            for selector in match.selectors {
                let problem: String
                let parts = selector.name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
                if parts.count == 2, Self.formNames.contains(parts[0]), placeholders[parts[0]] != nil, !parts[1].isEmpty {
                    let what = parts[0] == "game" ? "the game's" : "a colour's"
                    guard selector.kind != .select else {
                        if parts[0] == "game" { gameForms.insert(parts[1].lowercased()) } else { forms.insert(parts[1]) }
                        continue
                    }
                    problem = "chooses on the form '\(selector.name)' by \(selector.kind.rawValue), but \(what) form is chosen on by select"
                } else if placeholders[selector.name] == nil {
                    problem = "chooses on the unknown placeholder '\(selector.name)' (known: \(placeholders.keys.sorted().joined(separator: ", ")))"
                } else if selector.kind == .select, !Self.variantNames.contains(selector.name) {
                    let testable = Self.variantNames.filter { placeholders[$0] != nil }.sorted().joined(separator: ", ")
                    problem = "chooses on '\(selector.name)', which this text cannot choose on (it can: \(testable))"
                } else if selector.kind != .select, !Self.numberNames.contains(selector.name) {
                    let numbers = Self.numberNames.filter { placeholders[$0] != nil }.sorted().joined(separator: ", ")
                    problem = "chooses on '\(selector.name)' by \(selector.kind.rawValue), but it is not a number (numbers: \(numbers))"
                } else {
                    continue
                }
                throw FileError(.invalidValue, file: file, key: key, line: line.map { $0 + match.lineOffset }, "'{{#match}}' " + problem)
            }
        }
        return (forms, gameForms)
    }

    /// Renders the template with `values`, whose keys are among the placeholders it was compiled
    /// for: strings are inserted as they are, a `Bool` shows or hides a section.
    /// `variants` holds the raw value each variant section and `{{#match}}` compares
    /// (`color` → `violet`, `draws` → `11`).
    public func render(_ values: [String: Any], variants: [String: String] = [:]) -> String {
        var out = ""
        TemplateRendering(values: values, variants: variants, cardinal: cardinalRules, ordinal: ordinalRules).render(nodes, into: &out)
        return out
    }
}

/// The names a parsed template uses, those it may not, its variant sections and its ordinal
/// sections (`ordinal.few`).
private struct TemplateNames {
    let known: Set<String>
    var unknown: Set<String> = []
    var used: Set<String> = []
    var variants: Set<MessageTemplate.Variant> = []
    var ordinals: Set<PluralCategory> = []
    var forms: Set<String> = []
    var gameForms: Set<String> = []
    var matches: [TemplateMatch] = []

    mutating func visit(_ nodes: [TemplateNode]) {
        for node in nodes {
            switch node {
            case .text: break
            case .value(let path): record(path)
            case .section(let path, _, let children):
                record(path)
                visit(children)
            case .variant(let variant, _, let children):
                variants.insert(variant)
                visit(children)
            case .match(let match):
                matches.append(match)
                for branch in match.branches { visit(branch.nodes) }
            }
        }
    }

    private mutating func record(_ path: [String]) {
        let name = path.joined(separator: ".")
        guard let first = path.first, known.contains(first) else {
            unknown.insert(name)
            return
        }
        if path.count == 1 {
            used.insert(first)
        } else if first == "ordinal", path.count == 2, let category = PluralCategory(rawValue: path[1]) {
            used.insert(first)
            ordinals.insert(category)
        } else if MessageTemplate.colorNames.contains(first), path.count == 2 {
            // `{{streak_color.object}}`: a named form of the colour.
            used.insert(first)
            forms.insert(path[1].lowercased())
        } else if first == "game", path.count == 2 {
            // `{{game.definite}}`: a named form of the game's name.
            used.insert(first)
            gameForms.insert(path[1].lowercased())
        } else {
            unknown.insert(name)
        }
    }
}

import Foundation
import Mustache

/// A message template from a locale file, rendered with Mustache (`{{issue}}`, `{{colors}}`,
/// sections such as `{{#time}}…{{/time}}`).
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
    public static let variantNames: Set<String> = ["count", "color", "streak_count", "streak_color", "issue", "value", "game_type"]

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
    private let template: MustacheTemplate

    /// A variant section: shown when the placeholder `name`'s value is `value`.
    public struct Variant: Sendable, Hashable, CustomStringConvertible {
        /// The placeholder tested (`color`, `count`).
        public var name: String
        /// The value it is compared with, case-insensitively (`violet`, `1`).
        public var value: String
        /// As written in a template: `{{#color=violet}}`, `{{#=1}}` for an exact count.
        public var description: String { "{{#\(name == "count" ? "" : name)=\(value)}}" }
    }

    /// The reserved name variant sections are rewritten to: `{{#color=violet}}` becomes
    /// `{{#_variant.color.violet}}`, which Mustache resolves through `VariantValues`.
    static let variantRoot = "_variant"

    /// Compiles `source`; `file` and `key` name it in errors. `placeholders` are the names it may
    /// use: those of a message unless given.
    public init(
        _ source: String, file: String, key: String, line: Int? = nil, placeholders: [String: String] = MessageTemplate.placeholders
    ) throws(FileError) {
        self.source = source
        // `{{#name=value}}`, `{{^name=value}}`, `{{/name=value}}`; an empty name is the count.
        let variantTag = /\{\{([#^\/])\s*([A-Za-z_]*)\s*=\s*([A-Za-z0-9_\-]+)\s*\}\}/
        let rewritten = source.replacing(variantTag) { match in
            "{{\(match.1)\(Self.variantRoot).\(match.2.isEmpty ? "count" : String(match.2)).\(match.3.lowercased())}}"
        }
        // Any whitespace may stand between the braces and the sigil (`{{  >`, `{{\t=`).
        if let match = source.firstMatch(of: /\{\{\s*([<>$=])/) {
            throw FileError(
                .invalidValue, file: file, key: key, line: line,
                "'{{\(match.1)' (partials, inheritance, delimiter changes) is not allowed in a message template"
            )
        }
        do {
            template = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + rewritten)
        } catch let error as MustacheTemplate.ParserError {
            throw FileError(
                .invalidValue, file: file, key: key, line: line.map { $0 + error.context.lineNumber - 1 },
                "the template does not parse (\(error.error)) near '\(error.context.line.trimmingCharacters(in: .whitespaces))'"
            )
        } catch {
            throw FileError(.invalidValue, file: file, key: key, line: line, "the template does not parse: \(error)")
        }
        // Twice: known names true, then false, so that both sections and inverted sections are visited.
        let probe = PlaceholderProbe(known: Set(placeholders.keys))
        for answer in [true, false] {
            probe.answer = answer
            _ = template.render(probe)
        }
        if !probe.unknown.isEmpty {
            let unknown = probe.unknown.sorted().map { "'\($0)'" }.joined(separator: ", ")
            let known = placeholders.keys.sorted().joined(separator: ", ")
            let noun = probe.unknown.count == 1 ? "placeholder" : "placeholders"
            throw FileError(.invalidValue, file: file, key: key, line: line, "unknown \(noun) \(unknown) (known: \(known))")
        }
        let untestable = probe.variants.filter { !Self.variantNames.contains($0.name) || placeholders[$0.name] == nil }
        if let variant = untestable.sorted(by: { $0.description < $1.description }).first {
            let testable = Self.variantNames.filter { placeholders[$0] != nil }.sorted().joined(separator: ", ")
            throw FileError(
                .invalidValue, file: file, key: key, line: line,
                "'\(variant)' tests '\(variant.name)', which this text cannot test (it can test: \(testable))"
            )
        }
        names = probe.used
        variants = probe.variants
        ordinalCategories = probe.ordinals
    }

    /// Renders the template with `values`, whose keys are among the placeholders it was compiled
    /// for: strings are inserted as they are, a `Bool` shows or hides a section.
    /// `variants` holds the value each variant section compares (`color` → `violet`).
    public func render(_ values: [String: Any], variants: [String: String] = [:]) -> String {
        guard !self.variants.isEmpty else { return template.render(values) }
        var values = values
        values[Self.variantRoot] = VariantValues(values: variants)
        return template.render(values)
    }
}

/// What variant sections see: `_variant.color.violet` is true when `color`'s value is `violet`.
struct VariantValues: MustacheParent {
    let values: [String: String]

    func child(named name: String) -> Any? {
        VariantValue(value: values[name]?.lowercased())
    }

    struct VariantValue: MustacheParent {
        let value: String?
        func child(named name: String) -> Any? { value == name }
    }
}

/// A rendering context that answers every known placeholder with sample text (or with false) and
/// records every name a template asks for, so unknown placeholders are found with Mustache's own
/// parser. Variant sections (`_variant.<name>.<value>`) and ordinal sections (`ordinal.<category>`)
/// are recorded apart.
private final class PlaceholderProbe: MustacheParent {
    let known: Set<String>
    var answer = true
    var unknown: Set<String> = []
    var used: Set<String> = []
    var variants: Set<MessageTemplate.Variant> = []
    var ordinals: Set<PluralCategory> = []

    init(known: Set<String>) { self.known = known }

    func child(named name: String) -> Any? {
        if name == MessageTemplate.variantRoot { return Nested { [self] in Nested { [self, name = $0] in record(variant: name, $0) } } }
        guard known.contains(name) else {
            unknown.insert(name)
            return nil
        }
        used.insert(name)
        if name == "ordinal" { return Nested { [self] in record(ordinal: $0) } }
        return answer ? "x" : false
    }

    private func record(variant name: String, _ value: String) -> Any? {
        variants.insert(MessageTemplate.Variant(name: name, value: value))
        return answer
    }

    private func record(ordinal name: String) -> Any? {
        guard let category = PluralCategory(rawValue: name) else {
            unknown.insert("ordinal.\(name)")
            return nil
        }
        ordinals.insert(category)
        return answer
    }

    /// A level of a dotted name: hands each child's name to `next`.
    private struct Nested: MustacheParent {
        let next: (String) -> Any?
        func child(named name: String) -> Any? { next(name) }
    }
}

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
        "locale_name": "the locale's display name",
        "history": "the last history_length results up to this draw, oldest first, one color_symbols symbol each",
        "streak": "the plurals.streak phrase for the run of this draw's main colour (3 draws of GREEN 🟢)",
        "streak_count": "how many draws in a row, this one included, have this draw's main colour",
        "streak_color": "the colour label of this draw's main colour (its first colour)",
    ]

    /// The names a counted phrase (`plurals.*`) may use: the count, the colour, and one section
    /// per CLDR plural category, true only for the count's category.
    public static let phrasePlaceholders: [String: String] = {
        var names = [
            "count": "the number counted, as the locale writes numbers",
            "color": "the colour label of the run",
        ]
        for category in PluralCategory.allCases {
            names[category.rawValue] = "a section shown when the count is in the plural category '\(category.rawValue)'"
        }
        return names
    }()

    /// The template as written in the locale file.
    public let source: String
    /// The placeholder names the template uses, as values or as sections.
    public let names: Set<String>
    private let template: MustacheTemplate

    /// Compiles `source`; `file` and `key` name it in errors. `placeholders` are the names it may
    /// use: those of a message unless given.
    public init(
        _ source: String, file: String, key: String, line: Int? = nil, placeholders: [String: String] = MessageTemplate.placeholders
    ) throws(FileError) {
        self.source = source
        // Any whitespace may stand between the braces and the sigil (`{{  >`, `{{\t=`).
        if let match = source.firstMatch(of: /\{\{\s*([<>$=])/) {
            throw FileError(
                .invalidValue, file: file, key: key, line: line,
                "'{{\(match.1)' (partials, inheritance, delimiter changes) is not allowed in a message template"
            )
        }
        do {
            template = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + source)
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
        names = probe.used
    }

    /// Renders the template with `values`, whose keys are among the placeholders it was compiled
    /// for: strings are inserted as they are, a `Bool` shows or hides a section.
    public func render(_ values: [String: Any]) -> String {
        template.render(values)
    }
}

/// A rendering context that answers every known placeholder with sample text (or with false) and
/// records every name a template asks for, so unknown placeholders are found with Mustache's own
/// parser.
private final class PlaceholderProbe: MustacheParent {
    let known: Set<String>
    var answer = true
    var unknown: Set<String> = []
    var used: Set<String> = []

    init(known: Set<String>) { self.known = known }

    func child(named name: String) -> Any? {
        guard known.contains(name) else {
            unknown.insert(name)
            return nil
        }
        used.insert(name)
        return answer ? "x" : false
    }
}

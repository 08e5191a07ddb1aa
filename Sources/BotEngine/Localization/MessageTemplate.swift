import Foundation
import Mustache

/// A message template from a locale file, rendered with Mustache (`{{issue}}`, `{{colors}}`,
/// sections such as `{{#time}}…{{/time}}`).
///
/// Compiled once at load time: a template that does not parse, that names a placeholder the
/// engine does not offer, or that reaches outside itself (partials, inheritance, changed
/// delimiters) is refused with an error naming the file and the key.
public struct MessageTemplate: Sendable {
    /// The names a template may use, with what they hold.
    public static let placeholders: [String: String] = [
        "issue": "the draw's issue (period) number",
        "value": "the result as the game shows it, such as 123",
        "colors": "the colour labels of the result, joined by the locale's color_separator",
        "game_type": "the game's type tag from config, such as RG5M",
        "time": "the draw time (UTC, yyyy-MM-dd HH:mm:ss)",
        "locale_name": "the locale's display name",
    ]

    /// The template as written in the locale file.
    public let source: String
    private let template: MustacheTemplate

    /// Compiles `source`; `file` and `key` name it in errors.
    public init(_ source: String, file: String, key: String, line: Int? = nil) throws(FileError) {
        self.source = source
        for forbidden in ["{{>", "{{<", "{{$", "{{="] where source.replacingOccurrences(of: "{{ ", with: "{{").contains(forbidden) {
            throw FileError(
                .invalidValue, file: file, key: key, line: line,
                "'\(forbidden)' (partials, inheritance, delimiter changes) is not allowed in a message template"
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
        let probe = PlaceholderProbe()
        _ = template.render(probe)
        if let unknown = probe.unknown.sorted().first {
            let known = Self.placeholders.keys.sorted().joined(separator: ", ")
            throw FileError(.invalidValue, file: file, key: key, line: line, "unknown placeholder '\(unknown)' (known: \(known))")
        }
    }

    /// Renders the template with `values`, whose keys are among `placeholders`.
    public func render(_ values: [String: String]) -> String {
        template.render(values)
    }
}

/// A rendering context that answers every known placeholder with sample text and records every
/// name a template asks for, so unknown placeholders are found with Mustache's own parser.
private final class PlaceholderProbe: MustacheParent {
    var unknown: Set<String> = []

    func child(named name: String) -> Any? {
        if MessageTemplate.placeholders[name] != nil { return "x" }
        unknown.insert(name)
        return nil
    }
}

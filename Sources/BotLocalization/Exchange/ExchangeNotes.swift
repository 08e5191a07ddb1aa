// SPDX-License-Identifier: Apache-2.0
import Foundation

/// The context a translator gets with each key: what each placeholder of the reference text
/// stands for, and the reference text rendered for an example draw.
struct ExchangeNotes {
    /// The example draw's values: a run of three reds, a red + violet result, the trend's 100 draws.
    static let example: [String: String] = [
        "game_type": "RG5M", "issue": "1010", "value": "7", "colors": "RED 🔴 + VIOLET 🟣", "date": "27 Nov 2026", "time": "08:17:56",
        "time_zone": "UTC", "zone_abbreviation": "UTC", "utc_offset": "UTC", "history": "🟢🔴🟢🔴🔴🔴", "streak_color": "RED 🔴",
        "streak_count": "3", "draws": "100", "first_issue": "911", "last_issue": "1010", "counts": "RED 🔴 48 · GREEN 🟢 45 · VIOLET 🟣 7",
        "current_color": "RED 🔴", "current_count": "3", "longest_color": "GREEN 🟢", "longest_count": "6", "count": "3", "color": "RED 🔴",
    ]
    /// The raw values variant sections and match blocks compare, for the example draw.
    static let exampleVariants: [String: String] = [
        "game_type": "RG5M", "issue": "1010", "value": "7", "streak_color": "red", "streak_count": "3", "draws": "100", "first_issue": "911",
        "last_issue": "1010", "current_color": "red", "current_count": "3", "longest_color": "green", "longest_count": "6", "color": "red",
    ]

    let load: LocaleLoad

    init(referencePath: String) {
        load = LocaleLoad(path: referencePath)
    }

    /// The notes for `key`, whose reference text is `text`: one line per placeholder it uses,
    /// then the example, for message templates and plural phrases.
    func lines(for key: String, text: String) -> [String] {
        let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, parts[0] == "messages" || parts[0] == "plurals" else { return [] }
        let meanings = parts[0] == "plurals" ? MessageTemplate.phrasePlaceholders : MessageTemplate.placeholders(ofMessage: parts[1])
        var out: [String] = []
        for name in Self.names(in: text) {
            if let meaning = meanings[name] { out.append("{{\(name)}}: \(meaning)") }
        }
        if let example = example(for: key, parts: parts) { out.append("Example (\(load.chain[0].code)): \(example)") }
        return out
    }

    private func example(for key: String, parts: [String]) -> String? {
        var values: [String: Any] = Self.example
        values["locale_name"] = load.bundle?.displayName ?? "English"
        let game = load.bundle?.gameValues("RG5M", forms: load.templates[key]?.gameForms ?? []) ?? ["game": "RG5M"]
        values.merge(game) { _, new in new }
        if let phrase = load.bundle?.phrases["streak"] {
            values["streak"] = phrase.render(count: 3, values: ["color": "RED 🔴"], variants: ["color": "red"])
        }
        if parts[0] == "plurals" {
            return load.bundle?.phrases[parts[1]]?.render(count: 3, values: values, variants: Self.exampleVariants)
        }
        return load.templates[key]?.render(values, variants: Self.exampleVariants)
    }

    /// The names of the `{{name}}` values of `text`, in order, each once.
    static func names(in text: String) -> [String] {
        var seen: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            rest = rest[open.upperBound...]
            guard let close = rest.range(of: "}}") else { break }
            let name = rest[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            rest = rest[close.upperBound...]
            if let first = name.first, first.isLetter || first == "_", !seen.contains(name) { seen.append(name) }
        }
        return seen
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotSupport

/// The locale's names of games (`games: {RG5M: {label: …, definite: …}}`): what `{{game}}` and its
/// forms show, and which forms the texts ask of them.
extension LocaleLoad {
    /// True for a key taken from a fallback only when the fallback is in the file's language: an
    /// optional message, and a game's name (`games.RG5M`), which another language's fallback would
    /// put in a foreign word where the tag (`RG5M`) reads in any language.
    static func isSameLanguageOnly(_ key: String) -> Bool {
        optionalKeys.contains(key) || key.hasPrefix("games.")
    }

    /// The games the locale names (its own and a same-language fallback's), by tag as written.
    static func games(in entries: [String: LocaleSource.Entry]) -> [(tag: String, entry: LocaleSource.Entry)] {
        entries.keys.filter { $0.hasPrefix("games.") }.sorted().map { (String($0.dropFirst("games.".count)), entries[$0]!) }
    }

    /// The forms of game `tag`, from the file its label (`entry`) comes from: a game is taken from
    /// a fallback whole.
    func gameForms(of tag: String, entry: LocaleSource.Entry) -> [String: LocaleSource.Setting<String>] {
        chain.first { $0.file == entry.file }?.gameForms[tag] ?? [:]
    }

    /// The label and the forms of every game `entries` name, by tag as written.
    func gameNames(in entries: [String: LocaleSource.Entry]) -> (labels: [String: String], forms: [String: [String: String]]) {
        var labels: [String: String] = [:]
        var forms: [String: [String: String]] = [:]
        for (tag, entry) in Self.games(in: entries) {
            labels[tag] = entry.text
            forms[tag] = gameForms(of: tag, entry: entry).mapValues(\.value)
        }
        return (labels, forms)
    }

    /// Every form a text asks for (`{{game.definite}}`, `{{#match game.gender}}`) that a game the
    /// locale names does not have: an error naming the game and the form, on the game's line.
    func checkGameForms(entries: [String: LocaleSource.Entry]) -> [FileError] {
        var found: [FileError] = []
        let games = Self.games(in: entries)
        for key in templates.keys.sorted() {
            guard let template = templates[key] else { continue }
            for form in template.gameForms.sorted() where form != "label" {
                for (tag, entry) in games where gameForms(of: tag, entry: entry)[form] == nil {
                    found.append(
                        FileError(
                            .missingKey, file: entry.file, key: "games.\(tag).\(form)", line: entry.line,
                            "is required: \(key) asks for the form '\(form)' of the game (games: \(tag): {label: …, \(form): …})"))
                }
            }
        }
        return found
    }
}

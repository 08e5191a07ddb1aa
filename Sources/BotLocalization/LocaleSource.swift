// SPDX-License-Identifier: Apache-2.0
import BotSupport
import Foundation

/// One locale file as written, before fallbacks are applied: its texts by dotted key
/// (`name`, `colors.red`, `plurals.streak`, `messages.result`), its settings, and every problem
/// found reading it. Reading goes on past a problem, so that `locales check` can report them all.
struct LocaleSource: Sendable {
    /// One text of the file.
    struct Entry: Sendable, Equatable {
        /// The text as written.
        var text: String
        /// The file it comes from (a fallback's, once merged).
        var file: String
        /// The line of its key.
        var line: Int?
        /// The line its text starts on (the next one for a block scalar).
        var contentLine: Int?
    }

    /// A setting with the line it is on.
    struct Setting<Value: Sendable>: Sendable {
        var value: Value
        var line: Int?
    }

    /// The top-level keys a locale file may have.
    static let topLevelKeys: Set<String> = [
        "code", "name", "log_prefix", "fallback", "formatting_locale", "history_length", "colors", "color_separator", "color_symbols",
        "plurals", "messages", "direction", "digits", "date_pattern", "date_skeleton", "time_pattern", "time_skeleton", "translated_from",
        "lists", "games",
    ]
    /// The keys of `lists:`: how `{{counts}}` and `{{colors}}` are joined and in what order.
    static let listKeys: Set<String> = ["style", "separator", "order"]
    /// The keys that set a date or time format, each with the kind of format it gives.
    static let formatKeys = ["date_pattern", "date_skeleton", "time_pattern", "time_skeleton"]
    /// The sections whose keys are free-form colour names.
    static let colorSections = ["colors", "color_symbols"]

    let file: String
    let code: String
    var entries: [String: Entry] = [:]
    /// The lines of the keys present, valid or not (`colors` → 7, `colors.red` → 8): a key that is
    /// there but wrong is reported as wrong, not also as missing.
    var keyLines: [String: Int] = [:]
    var fallback: Setting<String>?
    var formattingLocale: Setting<String>?
    var historyLength: Setting<Int>?
    var direction: Setting<LocaleStyle.Direction>?
    var digits: Setting<LocaleStyle.Digits>?
    /// `date_pattern`, `time_skeleton`, … as written, by key.
    var formats: [String: Setting<String>] = [:]
    /// The named forms of each colour (`colors.red: {label: …, object: красного, gender: masculine}`):
    /// colour → form → text; `label` is the colour's entry, not a form.
    var colorForms: [String: [String: Setting<String>]] = [:]
    /// The named forms of each game the locale names (`games.RG5M: {label: …, definite: …}`): game
    /// type tag as written → form → text; `label` is the game's entry (`games.RG5M`), not a form.
    var gameForms: [String: [String: Setting<String>]] = [:]
    /// `lists.style`: the CLDR list style of `{{counts}}` (and `{{colors}}` without `color_separator`).
    var listStyle: Setting<ListFormat.Style>?
    /// `lists.separator`: one separator instead of CLDR's patterns.
    var listSeparator: Setting<String>?
    /// `lists.order`: the colours' order in `{{counts}}`, as written (checked by the load).
    var listOrder: Setting<[String]>?
    /// `translated_from`: the fingerprint of the reference text each key was translated from.
    var translatedFrom: [String: Setting<String>] = [:]
    /// The reference text itself, for the keys whose `translated_from` records it (`text:`); a
    /// record written before texts were kept has the fingerprint alone.
    var translatedText: [String: String] = [:]
    var problems: [FileError] = []

    /// Reads `tree`, the file of locale `code`.
    init(_ tree: YAMLTree, code: String) {
        self.file = tree.file
        self.code = code
        let top: [YAMLTree.Entry]
        do throws(FileError) {
            top = try tree.entries()
        } catch {
            problems.append(error)
            return
        }
        for entry in top {
            if let line = entry.line { keyLines[entry.key] = line }
            do throws(FileError) {
                try read(entry, in: tree)
            } catch {
                problems.append(error)
            }
        }
    }

    /// The style the settings give (the defaults for those not set); formats as written, checked
    /// by the load.
    var style: LocaleStyle {
        func format(_ kind: String) -> LocaleStyle.Format? {
            if let pattern = formats["\(kind)_pattern"] { return .pattern(pattern.value) }
            return formats["\(kind)_skeleton"].map { .skeleton($0.value) }
        }
        return LocaleStyle(direction: direction?.value ?? .ltr, digits: digits?.value ?? .latin, date: format("date"), time: format("time"))
    }

    /// True when the file could not be read or parsed, so it has no keys to check.
    var isUnparsed: Bool {
        problems.contains { $0.code == .syntax || $0.code == .unreadable }
    }

    /// A file that could not be read or parsed at all.
    init(file: String, code: String, problem: FileError) {
        self.file = file
        self.code = code
        self.problems = [problem]
    }

    private mutating func read(_ entry: YAMLTree.Entry, in tree: YAMLTree) throws(FileError) {
        let value = entry.value
        switch entry.key {
        case "code":
            let declared = try value.string()
            if declared != code { throw value.error(.invalidValue, "says '\(declared)' but the file is named \(code).yaml") }
        case "name", "log_prefix":
            try add(entry.key, value, text: value.nonEmptyString())
        case "color_separator":
            try add(entry.key, value, text: value.string())
        case "fallback":
            let target = try value.nonEmptyString()
            if target == code { throw value.error(.invalidValue, "a locale cannot fall back to itself") }
            fallback = Setting(value: target, line: value.line)
        case "formatting_locale":
            formattingLocale = Setting(value: try value.nonEmptyString(), line: value.line)
        case "history_length":
            historyLength = Setting(value: try value.int(in: 1...50), line: value.line)
        case "direction":
            direction = Setting(
                value: LocaleStyle.Direction(rawValue: try value.oneOf(LocaleStyle.Direction.allCases.map(\.rawValue)))!, line: value.line)
        case "digits":
            digits = Setting(value: LocaleStyle.Digits(rawValue: try value.oneOf(LocaleStyle.Digits.allCases.map(\.rawValue)))!, line: value.line)
        case "date_pattern", "date_skeleton", "time_pattern", "time_skeleton":
            formats[entry.key] = Setting(value: try value.nonEmptyString(), line: value.line)
        case "translated_from":
            for item in try value.entries() {
                guard case .mapping = item.value.node else {
                    translatedFrom[item.key] = Setting(value: try item.value.nonEmptyString(), line: item.value.line)
                    continue
                }
                let text = try item.value.mapping(allowed: ["text"])["text"]?.string()
                guard let text else { throw item.value.error(.missingKey, "records no text: (the reference text translated from)") }
                translatedText[item.key] = text
                translatedFrom[item.key] = Setting(value: TranslationFingerprint.of(text), line: item.value.line)
            }
        case "colors", "color_symbols", "games":
            try readSection(entry, allowed: nil)
        case "lists":
            try readLists(entry.value)
        case "plurals":
            try readSection(entry, allowed: Set(LocaleBundle.phraseNames))
        case "messages":
            try readSection(entry, allowed: Set(LocaleBundle.allMessageNames))
        default:
            throw tree.unknownKey(entry, allowed: Self.topLevelKeys)
        }
    }

    /// `lists:` `style` (standard, unit, unit-narrow), `separator` (a text) and `order` (colour names, commas between).
    private mutating func readLists(_ value: YAMLTree) throws(FileError) {
        for item in try value.entries() {
            switch item.key {
            case "style":
                let style = try item.value.oneOf(ListFormat.Style.allCases.map(\.rawValue))
                listStyle = Setting(value: ListFormat.Style(rawValue: style)!, line: item.value.line)
            case "separator":
                listSeparator = Setting(value: try item.value.string(), line: item.value.line)
            case "order":
                let names = try item.value.nonEmptyString().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                listOrder = Setting(value: names, line: item.value.line)
            default:
                throw value.unknownKey(item, allowed: Self.listKeys)
            }
        }
    }

    /// A colour or a game with forms: `label` (required: what `{{color}}` or `{{game}}` shows) and
    /// any named forms (`object`, `definite`, `gender`), each a text, for `{{color.object}}` and
    /// `{{#match game.gender}}`.
    private mutating func readForms(of name: String, in section: String, _ value: YAMLTree) throws(FileError) {
        var label: (YAMLTree, String)?
        var forms: [String: Setting<String>] = [:]
        for form in try value.entries() {
            let formName = form.key.lowercased()
            guard formName.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                throw form.value.error(.invalidValue, "'\(form.key)' is not a form name (letters, digits and _, such as object or gender)")
            }
            let text = try form.value.nonEmptyString()
            if formName == "label" {
                label = (form.value, text)
            } else {
                forms[formName] = Setting(value: text, line: form.value.line)
            }
        }
        guard let (node, text) = label else {
            let (what, shows, example) =
                section == "games" ? ("game", "{{game}}", "Red-Green 5 min") : ("colour", "{{\(name)}}", "RED 🔴")
            throw value.error(.missingKey, "a \(what) with forms needs a label: the text \(shows) shows, such as label: \"\(example)\"")
        }
        if section == "games" { gameForms[name] = forms } else { colorForms[name] = forms }
        try add("\(section).\(name)", node, text: text)
    }

    /// A mapping of names to texts; `allowed` nil takes any name (lower-cased for colour names;
    /// game type tags as written).
    private mutating func readSection(_ section: YAMLTree.Entry, allowed: Set<String>?) throws(FileError) {
        for item in try section.value.entries() {
            let name = Self.colorSections.contains(section.key) ? item.key.lowercased() : item.key
            if let line = item.line { keyLines["\(section.key).\(name)"] = line }
            do throws(FileError) {
                if let allowed, !allowed.contains(item.key) { throw section.value.unknownKey(item, allowed: allowed) }
                if section.key == "games", entries.keys.contains(where: { $0.lowercased() == "games.\(name)".lowercased() }) {
                    throw item.value.error(.invalidValue, "is given twice (game types are matched case-insensitively)")
                }
                if section.key == "colors" || section.key == "games", item.value.isMapping {
                    try readForms(of: name, in: section.key, item.value)
                    continue
                }
                try add("\(section.key).\(name)", item.value, text: item.value.nonEmptyString())
            } catch {
                problems.append(error)
            }
        }
    }

    private mutating func add(_ key: String, _ value: YAMLTree, text: String) throws(FileError) {
        if entries[key] != nil { throw value.error(.invalidValue, "is given twice (colour names are matched case-insensitively)") }
        entries[key] = Entry(text: text, file: file, line: value.line, contentLine: value.contentLine)
    }
}

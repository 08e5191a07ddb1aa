// SPDX-License-Identifier: Apache-2.0
import BotSupport
import Foundation

extension LocaleLoad {
    /// Keys a locale must set itself: they say which bot is speaking, so a fallback's would mislead.
    static let ownKeys: Set<String> = ["name", "log_prefix"]

    /// Templates a locale may leave out (the trend picture's caption): a locale without one goes
    /// without, rather than post another language's text; a fallback in its own language (pt for
    /// pt-BR) still lends it.
    static let optionalKeys: Set<String> = Set(LocaleBundle.optionalMessageNames.map { "messages.\($0)" })

    /// The language of a source (`pt` for `pt_BR`), from the locale its dates and plurals follow.
    private static func language(of source: LocaleSource) -> Substring {
        formattingIdentifier(of: source).split(whereSeparator: { $0 == "_" || $0 == "-" || $0 == "@" }).first ?? ""
    }

    /// The texts of the file with the keys it lacks taken from its fallbacks, nearest first, and
    /// one notice per key taken.
    private static func merge(_ chain: [LocaleSource]) -> (entries: [String: LocaleSource.Entry], notices: [FileError]) {
        var entries = chain[0].entries
        var notices: [FileError] = []
        for fallback in chain.dropFirst() {
            let sameLanguage = language(of: fallback) == language(of: chain[0])
            for key in fallback.entries.keys.sorted()
            where entries[key] == nil && !ownKeys.contains(key) && (sameLanguage || !isSameLanguageOnly(key)) {
                let entry = fallback.entries[key]!
                entries[key] = entry
                notices.append(FileError(.missingKey, file: chain[0].file, key: key, "missing; using the text of \(entry.file)"))
            }
        }
        return (entries, notices)
    }

    /// The Foundation locale identifier a source's dates, numbers and plurals follow.
    static func formattingIdentifier(of source: LocaleSource) -> String {
        FormattingLocale.identifier(source.formattingLocale?.value ?? source.code)
    }

    /// The plural rules of the file `file` of the chain: a text keeps its own language's grammar.
    func pluralRules(forFile file: String) -> PluralRules {
        PluralRules(language: Self.formattingIdentifier(of: chain.first { $0.file == file } ?? chain[0]))
    }

    /// Checks the merged texts and compiles the templates; sets `bundle` when nothing is wrong.
    /// A file of the chain that does not parse has nothing to check: its syntax error says it all.
    mutating func build() {
        if chain.contains(where: \.isUnparsed) { return }
        let own = chain[0]
        let (entries, notices) = Self.merge(chain)
        merged = entries
        let labels = Self.texts(in: "colors", of: entries)
        var found = Self.missingRequired(own, entries: entries, labels: labels)
        let identifier = Self.formattingIdentifier(of: own)
        if let given = own.formattingLocale, let problem = FormattingLocale.problem(given.value) {
            found.append(FileError(.invalidValue, file: own.file, key: "formatting_locale", line: given.line, problem))
        }
        found += checkFormats(own)
        found += compileTemplates(entries)
        if entries["messages.result"] == nil, own.keyLines["messages.result"] == nil {
            found.append(FileError(.missingKey, file: own.file, key: "messages.result", line: own.keyLines["messages"], "is required"))
        }
        found += checkPluralCategories(entries: entries)
        found += checkVariants(entries: entries, colors: Set(labels.keys))
        found += checkMatches(entries: entries, colors: Set(labels.keys))
        found += checkWhatTemplatesNeed(entries: entries, own: own)
        found += checkListOrder(own, colors: Set(labels.keys))
        found += checkColorForms(own, entries: entries, colors: labels.keys.sorted())
        found += checkGameForms(entries: entries)
        for key in templates.keys.sorted() { found += MarkupCheck.problems(key: key, entry: entries[key]!) }
        problems += found
        guard problems.isEmpty else { return }
        assemble(own: own, entries: entries, labels: labels, identifier: identifier, notices: notices)
    }

    /// The texts of a section (`colors`), by the key under it (`red`).
    private static func texts(in section: String, of entries: [String: LocaleSource.Entry]) -> [String: String] {
        var out: [String: String] = [:]
        for (key, entry) in entries where key.hasPrefix(section + ".") { out[String(key.dropFirst(section.count + 1))] = entry.text }
        return out
    }

    /// The required keys (`name`, `log_prefix`, the three colours) that neither
    /// the file nor a fallback has, each named on the line of its section.
    private static func missingRequired(_ own: LocaleSource, entries: [String: LocaleSource.Entry], labels: [String: String]) -> [FileError] {
        var found: [FileError] = []
        func missing(_ key: String, section: String? = nil, _ message: String = "is required") {
            guard own.keyLines[key] == nil else { return }  // there, but wrong: already reported
            found.append(FileError(.missingKey, file: own.file, key: key, line: section.flatMap { own.keyLines[$0] }, message))
        }
        for key in ["name", "log_prefix"] where own.entries[key] == nil { missing(key) }
        if own.keyLines["colors"] != nil || entries.keys.contains(where: { $0.hasPrefix("colors.") }) {
            for color in LocaleBundle.requiredColors where labels[color] == nil {
                missing("colors.\(color)", section: "colors", "is required (a label such as 'GREEN 🟢')")
            }
        } else {
            missing("colors")
        }
        return found
    }

    /// Compiles every message and phrase of `entries` into `templates`; the problems of those
    /// that do not compile.
    private mutating func compileTemplates(_ entries: [String: LocaleSource.Entry]) -> [FileError] {
        var found: [FileError] = []
        let messageNames = LocaleBundle.allMessageNames
        for name in messageNames + LocaleBundle.phraseNames {
            let isMessage = messageNames.contains(name)
            let key = isMessage ? "messages.\(name)" : "plurals.\(name)"
            guard let entry = entries[key] else { continue }
            do throws(FileError) {
                let placeholders = isMessage ? MessageTemplate.placeholders(ofMessage: name) : MessageTemplate.phrasePlaceholders
                templates[key] = try MessageTemplate(
                    entry.text, file: entry.file, key: key, line: entry.contentLine, placeholders: placeholders,
                    rules: pluralRules(forFile: entry.file))
            } catch {
                found.append(error)
            }
        }
        return found
    }

    /// The bundle of a file with no problem.
    private mutating func assemble(
        own: LocaleSource, entries: [String: LocaleSource.Entry], labels: [String: String], identifier: String, notices: [FileError]
    ) {
        guard let result = templates["messages.result"] else { return }
        var phrases: [String: CountedPhrase] = [:]
        for name in LocaleBundle.phraseNames {
            guard let template = templates["plurals.\(name)"], let entry = entries["plurals.\(name)"] else { continue }
            phrases[name] = CountedPhrase(template: template, rules: pluralRules(forFile: entry.file))
        }
        bundle = LocaleBundle(
            code: own.code, file: own.file, displayName: entries["name"]!.text, logPrefix: entries["log_prefix"]!.text, colorLabels: labels,
            colorSeparator: entries["color_separator"]?.text ?? " ", resultTemplate: result, formattingLocale: Locale(identifier: identifier),
            style: own.style, colorSymbols: Self.texts(in: "color_symbols", of: entries),
            historyLength: own.historyLength?.value ?? LocaleBundle.defaultHistoryLength,
            phrases: phrases, fallback: chain.count > 1 ? chain[1].code : nil, fallbackNotices: notices
        )
        setLists(own: own, entries: entries, identifier: identifier)
        let games = gameNames(in: entries)
        bundle?.gameLabels = games.labels
        bundle?.gameForms = games.forms
        bundle?.trendTemplate = templates["messages.trend"]
        bundle?.boardTemplate = templates["messages.board"]
        bundle?.trendAltTemplate = templates["messages.trend_alt"]
        bundle?.digestTemplate = templates["messages.digest"]
    }

    /// The bundle's lists: `lists.separator`, else CLDR's patterns of `lists.style` (standard) for
    /// `{{counts}}`; `color_separator` (the file's or a fallback's), else the same, for `{{colors}}`.
    private mutating func setLists(own: LocaleSource, entries: [String: LocaleSource.Entry], identifier: String) {
        let counts =
            own.listSeparator.map { ListFormat(separator: $0.value) } ?? ListFormat(locale: identifier, style: own.listStyle?.value ?? .standard)
        bundle?.countsList = counts
        bundle?.colorsList = entries["color_separator"].map { ListFormat(separator: $0.text) } ?? counts
        bundle?.colorOrder = own.listOrder?.value ?? []
        bundle?.colorForms = own.colorForms.mapValues { $0.mapValues(\.value) }
    }

    /// Every form a text asks for (`{{streak_color.object}}`, `{{#match color.gender}}`) that a
    /// colour the locale labels does not have: an error naming the colour, on its line.
    func checkColorForms(_ own: LocaleSource, entries: [String: LocaleSource.Entry], colors: [String]) -> [FileError] {
        var found: [FileError] = []
        for key in templates.keys.sorted() {
            guard let template = templates[key], entries[key]?.file == own.file else { continue }
            for form in template.colorForms.sorted() where form != "label" {
                for color in colors where own.colorForms[color]?[form] == nil {
                    let line = own.keyLines["colors.\(color)"] ?? own.keyLines["colors"]
                    found.append(
                        FileError(
                            .missingKey, file: own.file, key: "colors.\(color).\(form)", line: line,
                            "is required: \(key) asks for the form '\(form)' of a colour (colors: \(color): {label: …, \(form): …})"))
                }
            }
        }
        return found
    }

    /// `lists.order` names colours the locale labels, each once.
    func checkListOrder(_ own: LocaleSource, colors: Set<String>) -> [FileError] {
        guard let order = own.listOrder else { return [] }
        var found: [FileError] = []
        for (index, name) in order.value.enumerated() {
            let message: String
            if !colors.contains(name) {
                message = "names the colour '\(name)', which the locale has no label for (colours: \(colors.sorted().joined(separator: ", ")))"
            } else if order.value[..<index].contains(name) {
                message = "names the colour '\(name)' twice"
            } else {
                continue
            }
            found.append(FileError(.invalidValue, file: own.file, key: "lists.order", line: order.line, message))
        }
        return found
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotSupport
import Foundation

extension LocaleLoad {
    /// The placeholders `messages.digest` must show.
    static let digestNeeds = ["count", "results"]

    /// Why `{{results}}` in the digest `text` would break a part of a long digest, if it would: a
    /// digest is split between the list's lines, so the list must stand on lines of its own,
    /// outside any tag (`<b>…</b>`) or Markdown pair (`**…**`) the template opens before it.
    static func digestListProblem(_ text: String) -> String? {
        guard let range = text.range(of: "{{results}}") else { return nil }
        let before = text[..<range.lowerBound]
        let after = text[range.upperBound...]
        if !(before.isEmpty || before.hasSuffix("\n")) || !(after.isEmpty || after.hasPrefix("\n")) {
            return "{{results}} must be on a line of its own: a long digest is split between the list's lines"
        }
        let literal = MarkupCheck.literalText(String(before))
        var open = 0
        var rest = Substring(literal)
        while let start = rest.firstIndex(of: "<") {
            rest = rest[start...]
            if let end = MarkupCheck.telegramMarkup(at: rest) {
                open += rest.hasPrefix("</") ? -1 : 1
                rest = rest[end...]
            } else {
                rest = rest.dropFirst()
            }
        }
        // A run of marks (`**`, `__`) opens or closes once.
        var runs: [Character: Int] = [:]
        var previous: Character?
        for character in literal where character != previous || !MarkupCheck.markdownPairs.contains(character) {
            previous = character
            if MarkupCheck.markdownPairs.contains(character) { runs[character, default: 0] += 1 }
        }
        let unpaired = runs.values.contains { $0 % 2 == 1 }
        guard open != 0 || unpaired else { return nil }
        return "{{results}} is inside markup the template opens before it: a long digest is split between the list's lines, "
            + "so close it before {{results}}"
    }

    /// A date or time format set twice (pattern and skeleton), or one that is not CLDR's.
    func checkFormats(_ own: LocaleSource) -> [FileError] {
        var found: [FileError] = []
        for kind in ["date", "time"] where own.formats["\(kind)_pattern"] != nil && own.formats["\(kind)_skeleton"] != nil {
            let line = own.formats["\(kind)_skeleton"]?.line
            found.append(
                FileError(.invalidValue, file: own.file, key: "\(kind)_skeleton", line: line, "give \(kind)_pattern or \(kind)_skeleton, not both"))
        }
        for key in LocaleSource.formatKeys {
            guard let setting = own.formats[key], let problem = DateFormatCheck.problem(setting.value, isSkeleton: key.hasSuffix("skeleton"))
            else { continue }
            found.append(FileError(.invalidValue, file: own.file, key: key, line: setting.line, problem))
        }
        return found
    }

    /// A phrase may only use the plural categories of the language it is written in (cardinal,
    /// and ordinal for `{{#ordinal.few}}`); one that uses categories but leaves out one a whole
    /// number can fall in is warned about, as those counts would show none of its sections.
    mutating func checkPluralCategories(entries: [String: LocaleSource.Entry]) -> [FileError] {
        var found: [FileError] = []
        for name in LocaleBundle.phraseNames {
            let key = "plurals.\(name)"
            guard let template = templates[key], let entry = entries[key] else { continue }
            let rules = pluralRules(forFile: entry.file)
            let ordinal = PluralRules(language: rules.language, kind: .ordinal)
            func problem(_ message: String) -> FileError {
                FileError(.invalidValue, file: entry.file, key: key, line: entry.contentLine, message)
            }
            let used = PluralCategory.allCases.filter { template.names.contains($0.rawValue) }
            for category in used where !rules.categories.contains(category) {
                // A category CLDR has since dropped (Hebrew's `many`, CLDR 42) is a leftover of an
                // older rule set: the file still loads, and the warning says what to remove.
                if let dropped = rules.droppedIn(category) {
                    warnings.append(problem(Self.retired(category, rules: rules, droppedIn: dropped, section: "{{#\(category.rawValue)}} section")))
                } else {
                    found.append(problem(Self.notInLanguage(category, rules: rules)))
                }
            }
            for category in template.ordinalCategories.sorted() where !ordinal.categories.contains(category) {
                found.append(problem("ordinal." + Self.notInLanguage(category, rules: ordinal)))
            }
            if !used.isEmpty {
                let exact = Set(template.variants.filter { $0.name == "count" }.compactMap { Int($0.value) })
                for category in rules.wholeNumberCategories.sorted() where !used.contains(category) {
                    // A category reached only by counts the phrase words exactly is covered.
                    let examples = (0...1000).filter { rules.category(for: $0) == category }
                    if examples.allSatisfy(exact.contains) { continue }
                    let shown = examples.prefix(4).map(String.init).joined(separator: ", ")
                    warnings.append(
                        problem("has no {{#\(category.rawValue)}} section: counts such as \(shown) show none of the plural sections"))
                }
            }
        }
        return found
    }

    /// The warning for a category `rules.language` had before CLDR `droppedIn`.
    static func retired(_ category: PluralCategory, rules: PluralRules, droppedIn: String, section: String) -> String {
        let has = rules.categories.sorted().map(\.rawValue).joined(separator: ", ")
        return "uses the plural category '\(category.rawValue)', which '\(rules.language)' has no longer: CLDR \(droppedIn) dropped it "
            + "(CLDR \(CLDRPluralData.version): \(has)); the file was written for an older rule set and no count shows "
            + "its \(section): remove it"
    }

    private static func notInLanguage(_ category: PluralCategory, rules: PluralRules) -> String {
        let has = rules.categories.sorted().map(\.rawValue).joined(separator: ", ")
        if rules.isKnown {
            return "uses the plural category '\(category.rawValue)', which '\(rules.language)' does not have (CLDR \(CLDRPluralData.version): \(has))"
        }
        return "uses the plural category '\(category.rawValue)', but CLDR has no \(rules.kind.rawValue) plural rules for '\(rules.language)', "
            + "so every number is 'other'"
    }

    /// A colour variant must name a colour the locale labels; a count variant must be a whole number.
    func checkVariants(entries: [String: LocaleSource.Entry], colors: Set<String>) -> [FileError] {
        var found: [FileError] = []
        for key in templates.keys.sorted() {
            guard let template = templates[key], let entry = entries[key] else { continue }
            for variant in template.variants.sorted(by: { $0.description < $1.description }) {
                let message: String?
                switch variant.name {
                case _ where MessageTemplate.colorNames.contains(variant.name):
                    message =
                        colors.contains(variant.value)
                        ? nil : "'\(variant)' tests a colour the locale has no label for (colours: \(colors.sorted().joined(separator: ", ")))"
                case _ where MessageTemplate.numberNames.contains(variant.name):
                    message = Int(variant.value) == nil ? "'\(variant)' compares a number with '\(variant.value)', which is not one" : nil
                default:
                    message = nil
                }
                if let message { found.append(FileError(.invalidValue, file: entry.file, key: key, line: entry.contentLine, message)) }
            }
        }
        return found
    }

    /// `{{streak}}` needs `plurals.streak`; `{{history}}` needs a symbol for every required colour;
    /// `messages.digest` must say how many results it covers and list them.
    func checkWhatTemplatesNeed(entries: [String: LocaleSource.Entry], own: LocaleSource) -> [FileError] {
        var found: [FileError] = []
        if let digest = templates["messages.digest"], let entry = entries["messages.digest"] {
            for name in Self.digestNeeds where !digest.names.contains(name) {
                found.append(
                    FileError(
                        .invalidValue, file: entry.file, key: "messages.digest", line: entry.contentLine,
                        "must show {{\(name)}}: a digest says how many results it covers and lists them"))
            }
            if let problem = Self.digestListProblem(entry.text) {
                found.append(FileError(.invalidValue, file: entry.file, key: "messages.digest", line: entry.contentLine, problem))
            }
        }
        for name in LocaleBundle.messageNames {
            guard let template = templates["messages.\(name)"] else { continue }
            for phrase in LocaleBundle.phraseNames where template.names.contains(phrase) && entries["plurals.\(phrase)"] == nil {
                found.append(
                    FileError(
                        .missingKey, file: own.file, key: "plurals.\(phrase)", line: own.keyLines["plurals"],
                        "is required: messages.\(name) uses {{\(phrase)}}"
                    )
                )
            }
            guard template.names.contains("history") else { continue }
            for color in LocaleBundle.requiredColors where entries["color_symbols.\(color)"] == nil {
                found.append(
                    FileError(
                        .missingKey, file: own.file, key: "color_symbols.\(color)", line: own.keyLines["color_symbols"],
                        "is required: messages.\(name) uses {{history}} (a symbol such as 🟢)"
                    )
                )
            }
        }
        return found
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotSupport
extension LocaleLoad {
    /// The keys of every `{{#match}}`: a plural or ordinal key names a category of the language
    /// the text is written in (one it lacks is a warning: no number reaches that branch); a key
    /// of a colour selector names a colour the locale labels, and an exact key of a number
    /// selector is a number (an error, as the branch could never show). The parser has already
    /// refused a match without its `*` branch and a key that is no CLDR category at all.
    mutating func checkMatches(entries: [String: LocaleSource.Entry], colors: Set<String>) -> [FileError] {
        var found: [FileError] = []
        for key in templates.keys.sorted() {
            guard let template = templates[key], let entry = entries[key] else { continue }
            for match in template.matches {
                for branch in match.branches {
                    let line = entry.contentLine.map { $0 + branch.lineOffset }
                    let written = "{{" + branch.keys.map(\.description).joined(separator: " ") + "}}"
                    for (branchKey, selector) in zip(branch.keys, match.selectors) {
                        let problem = problem(of: branchKey, for: selector, template: template, colors: colors)
                        guard let (message, isError) = problem else { continue }
                        let error = FileError(.invalidValue, file: entry.file, key: key, line: line, "'\(written)' " + message)
                        if isError { found.append(error) } else { warnings.append(error) }
                    }
                }
            }
        }
        return found
    }

    /// What is wrong with `key` as a key of `selector`, and whether it is an error (else a warning).
    private func problem(
        of key: TemplateMatch.Key, for selector: TemplateMatch.Selector, template: MessageTemplate, colors: Set<String>
    ) -> (String, isError: Bool)? {
        switch (selector.kind, key) {
        case (_, .any):
            return nil
        case (.plural, .name(let name)), (.ordinal, .name(let name)):
            let rules = selector.kind == .plural ? template.cardinalRules : template.ordinalRules
            guard let category = PluralCategory(rawValue: name), !rules.categories.contains(category) else { return nil }
            if let dropped = rules.droppedIn(category) {
                return (Self.retired(category, rules: rules, droppedIn: dropped, section: "branch"), false)
            }
            let has = rules.categories.sorted().map(\.rawValue).joined(separator: ", ")
            let data =
                rules.isKnown ? "CLDR \(CLDRPluralData.version): \(has)" : "CLDR has no \(rules.kind.rawValue) rules for it: every number is other"
            return (
                "names the \(rules.kind.rawValue) plural category '\(name)', which '\(rules.language)' does not have (\(data)); "
                    + "no number shows this branch", false
            )
        case (.select, .name(let value)), (.select, .exact(let value)):
            guard MessageTemplate.colorNames.contains(selector.name), !colors.contains(value) else { return nil }
            return (
                "names the colour '\(value)' for \(selector.name), which the locale has no label for "
                    + "(colours: \(colors.sorted().joined(separator: ", ")))", true
            )
        case (.plural, .exact), (.ordinal, .exact):
            return nil  // the parser checked that it is a number
        }
    }
}

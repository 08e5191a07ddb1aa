// SPDX-License-Identifier: Apache-2.0
import BotSupport
import Foundation

/// What `redgreen-bot locales check` does: loads every locale file of a directory as a bot would,
/// and compares each with a reference locale, collecting every problem of every file rather than
/// stopping at the first.
///
/// Errors: YAML syntax errors (line and column), unknown keys, empty texts, missing colour labels,
/// templates that do not parse or use placeholders the engine does not offer, plural categories
/// or variants the language or locale does not have, template text that breaks a sink's markup,
/// fallbacks that are missing or form a cycle; against the reference, a key missing with no
/// fallback to give it. Warnings: keys missing (or taken from the reference through
/// a fallback; a text inherited from another fallback, pt-BR's from pt, is no problem) or extra, a placeholder the reference shows that the translation leaves out, a plural section
/// left out, and a translation made from an older reference text (stale, see `translated_from`).
public enum LocaleCheck {
    /// The problems of every `*.yaml` in `directory`, checked against `<directory>/<reference>.yaml`,
    /// sorted by file and line; empty when every file is clean.
    ///
    /// Throws when there is nothing to check: no such directory, no locale file in it, or no
    /// reference file.
    public static func run(directory: String, reference: String) throws(FileError) -> [LocaleProblem] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw FileError(.unreadable, file: directory, key: "", "no such directory")
        }
        let codes = (try? LocaleBundle.availableCodes(in: directory)) ?? []
        guard !codes.isEmpty else { throw FileError(.unreadable, file: directory, key: "", "no locale files (*.yaml) in it") }
        guard codes.contains(reference) else {
            let path = (directory as NSString).appendingPathComponent("\(reference).yaml")
            throw FileError(.unreadable, file: path, key: "", "no such reference locale (available: \(codes.joined(separator: ", ")))")
        }

        var loads: [String: LocaleLoad] = [:]
        for code in codes {
            loads[code] = LocaleLoad(path: (directory as NSString).appendingPathComponent("\(code).yaml"))
        }
        var problems: [LocaleProblem] = []
        for code in codes {
            let load = loads[code]!
            problems += load.problems.map { LocaleProblem(.error, $0) } + load.warnings.map { LocaleProblem(.warning, $0) }
            if code != reference { problems += compare(load, with: loads[reference]!, already: load.problems) }
        }
        return sorted(unique(problems))
    }

    /// The problems of `load` against `reference`, leaving out keys `already` reports.
    static func compare(_ load: LocaleLoad, with reference: LocaleLoad, already: [FileError]) -> [LocaleProblem] {
        let own = load.chain[0]
        let ref = reference.chain[0]
        // A file that does not parse has no keys to compare: its syntax error says it all.
        if own.isUnparsed || ref.isUnparsed { return [] }
        let reported = Set(already.filter { $0.file == own.file }.map(\.key))
        var found: [LocaleProblem] = []
        func add(_ severity: LocaleProblem.Severity, _ code: FileError.Code, _ key: String, _ line: Int?, _ message: String) {
            found.append(LocaleProblem(severity, FileError(code, file: own.file, key: key, line: line, message)))
        }

        let optional = Set(LocaleBundle.optionalMessageNames.map { "messages.\($0)" })
        for key in ref.entries.keys.sorted() where own.entries[key] == nil && !reported.contains(key) && !optional.contains(key) {
            // A text inherited from a fallback in the same language (pt-BR from pt) is the point of the fallback.
            if let inherited = load.merged[key], inherited.file != ref.file { continue }
            let section = key.split(separator: ".").count > 1 ? own.keyLines[String(key.split(separator: ".")[0])] : nil
            var message = load.merged[key].map { "is missing; the text of \($0.file) is used" } ?? "is missing (\(ref.file) has it)"
            // A game the locale does not name shows its tag: worth a look, no error.
            let isGame = key.hasPrefix("games.")
            if isGame { message = "is missing (\(ref.file) has it): {{game}} shows the tag \(key.dropFirst("games.".count))" }
            add(load.merged[key] == nil && !isGame ? .error : .warning, .missingKey, key, section, message)
        }
        for key in own.entries.keys.sorted() where ref.entries[key] == nil {
            add(.warning, .unknownKey, key, own.entries[key]?.line, "is not in the reference \(ref.file)")
        }

        let categories = Set(PluralCategory.allCases.map(\.rawValue) + ["ordinal"])
        for key in load.templates.keys.sorted() {
            guard let entry = own.entries[key], let template = load.templates[key], let refTemplate = reference.templates[key] else { continue }
            let mine = template.names.subtracting(categories)
            let theirs = refTemplate.names.subtracting(categories)
            func list(_ names: Set<String>) -> String { names.sorted().map { "{{\($0)}}" }.joined(separator: ", ") }
            // A placeholder the reference does not use is the translator's choice ({{utc_offset}} for {{time_zone}}).
            let left = theirs.subtracting(mine)
            if !left.isEmpty {
                add(.warning, .invalidValue, key, entry.contentLine, "leaves out \(list(left)), which the reference \(ref.file) shows")
            }
        }
        found += staleness(own, against: ref)
        return found
    }

    /// A translation whose `translated_from` fingerprint of a key is not that of the reference's
    /// text now, or that records none.
    static func staleness(_ own: LocaleSource, against ref: LocaleSource) -> [LocaleProblem] {
        let tracked = ref.entries.keys.filter { TranslationFingerprint.isTracked($0) && own.entries[$0] != nil }.sorted()
        let command = "redgreen-bot locales mark-current \(own.code)"
        guard !own.translatedFrom.isEmpty else {
            guard !tracked.isEmpty else { return [] }
            let message = "records no translated_from: once the translation is reviewed against \(ref.file), run `\(command)`"
            return [LocaleProblem(.warning, FileError(.missingKey, file: own.file, key: "translated_from", message))]
        }
        var found: [LocaleProblem] = []
        for key in tracked {
            let now = TranslationFingerprint.of(ref.entries[key]!.text)
            let recorded = own.translatedFrom[key]
            guard recorded?.value != now else { continue }
            let changed = own.translatedText[key].map { "changed: \(WordDiff.of($0, ref.entries[key]!.text))" } ?? "changed, old text not recorded"
            let message =
                recorded == nil
                ? "has no translated_from record: review it against \(ref.file), then run `\(command)`"
                : "is stale: \(ref.file) changed this text since it was translated (\(changed)); update it, then run `\(command)`"
            found.append(LocaleProblem(.warning, FileError(.invalidValue, file: own.file, key: key, line: own.entries[key]?.line, message)))
        }
        return found
    }

    /// Each problem once: a fallback's problems show up again under every locale that uses it.
    static func unique(_ problems: [LocaleProblem]) -> [LocaleProblem] {
        var seen = Set<String>()
        return problems.filter { seen.insert("\($0)").inserted }
    }

    /// By file, then line (problems about a whole file or a missing key first), keeping the order found otherwise.
    static func sorted(_ problems: [LocaleProblem]) -> [LocaleProblem] {
        problems.enumerated().sorted { a, b in
            (a.element.problem.file, a.element.problem.line ?? 0, a.offset) < (b.element.problem.file, b.element.problem.line ?? 0, b.offset)
        }.map(\.element)
    }
}

import Foundation

/// What `redgreen-bot locales check` does: loads every locale file of a directory as a bot would,
/// and compares each with a reference locale, collecting every problem of every file rather than
/// stopping at the first.
///
/// Reported: YAML syntax errors (line and column), unknown keys, empty texts, missing colour
/// labels, templates that do not parse or use placeholders the engine does not offer, plural
/// categories the language does not have, fallbacks that are missing or form a cycle; and against
/// the reference: keys missing (or taken from a fallback) or extra, and templates that use a
/// placeholder the reference's does not, or leave out one it uses.
public enum LocaleCheck {
    /// The problems of every `*.yaml` in `directory`, checked against `<directory>/<reference>.yaml`,
    /// sorted by file and line; empty when every file is clean.
    ///
    /// Throws when there is nothing to check: no such directory, no locale file in it, or no
    /// reference file.
    public static func run(directory: String, reference: String) throws(FileError) -> [FileError] {
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
        var problems: [FileError] = []
        for code in codes {
            let load = loads[code]!
            problems += load.problems
            if code != reference { problems += compare(load, with: loads[reference]!, already: load.problems) }
        }
        return sorted(unique(problems))
    }

    /// The problems of `load` against `reference`, leaving out keys `already` reports.
    static func compare(_ load: LocaleLoad, with reference: LocaleLoad, already: [FileError]) -> [FileError] {
        let own = load.chain[0]
        let ref = reference.chain[0]
        // A file that does not parse has no keys to compare: its syntax error says it all.
        if own.isUnparsed || ref.isUnparsed { return [] }
        let reported = Set(already.filter { $0.file == own.file }.map(\.key))
        var found: [FileError] = []

        let optional = Set(LocaleBundle.optionalMessageNames.map { "messages.\($0)" })
        for key in ref.entries.keys.sorted() where own.entries[key] == nil && !reported.contains(key) && !optional.contains(key) {
            let section = key.split(separator: ".").count > 1 ? own.keyLines[String(key.split(separator: ".")[0])] : nil
            let message = load.merged[key].map { "is missing; the text of \($0.file) is used" } ?? "is missing (\(ref.file) has it)"
            found.append(FileError(.missingKey, file: own.file, key: key, line: section, message))
        }
        for key in own.entries.keys.sorted() where ref.entries[key] == nil {
            found.append(FileError(.unknownKey, file: own.file, key: key, line: own.entries[key]?.line, "is not in the reference \(ref.file)"))
        }

        let categories = Set(PluralCategory.allCases.map(\.rawValue))
        for key in load.templates.keys.sorted() {
            guard let entry = own.entries[key], let template = load.templates[key], let refTemplate = reference.templates[key] else { continue }
            let mine = template.names.subtracting(categories)
            let theirs = refTemplate.names.subtracting(categories)
            func list(_ names: Set<String>) -> String { names.sorted().map { "{{\($0)}}" }.joined(separator: ", ") }
            let added = mine.subtracting(theirs)
            let left = theirs.subtracting(mine)
            if !added.isEmpty {
                found.append(
                    FileError(
                        .invalidValue, file: own.file, key: key, line: entry.contentLine,
                        "uses \(list(added)), which the reference \(ref.file) does not")
                )
            }
            if !left.isEmpty {
                found.append(
                    FileError(
                        .invalidValue, file: own.file, key: key, line: entry.contentLine,
                        "leaves out \(list(left)), which the reference \(ref.file) shows")
                )
            }
        }
        return found
    }

    /// Each problem once: a fallback's problems show up again under every locale that uses it.
    static func unique(_ problems: [FileError]) -> [FileError] {
        var seen = Set<String>()
        return problems.filter { seen.insert("\($0)").inserted }
    }

    /// By file, then line (problems about a whole file or a missing key first), keeping the order found otherwise.
    static func sorted(_ problems: [FileError]) -> [FileError] {
        problems.enumerated().sorted { a, b in
            (a.element.file, a.element.line ?? 0, a.offset) < (b.element.file, b.element.line ?? 0, b.offset)
        }.map(\.element)
    }
}

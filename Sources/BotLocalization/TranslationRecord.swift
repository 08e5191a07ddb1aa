// SPDX-License-Identifier: Apache-2.0
import BotSupport
import Foundation

/// Writes a translation's `translated_from:` section, the fingerprints of the reference texts it
/// was translated from (`redgreen-bot locales mark-current`), so that `locales check` reports a
/// key as stale when the reference text changes later.
package enum TranslationRecord {
    /// What is recorded for one key: the reference text translated from, or (in a file written
    /// before texts were kept) its fingerprint alone.
    enum Recorded: Sendable, Equatable {
        case text(String)
        case fingerprint(String)

        var fingerprint: String {
            switch self {
            case .text(let text): TranslationFingerprint.of(text)
            case .fingerprint(let fingerprint): fingerprint
            }
        }
    }

    /// The records of `source`, by key.
    static func records(of source: LocaleSource) -> [String: Recorded] {
        var out: [String: Recorded] = [:]
        for (key, setting) in source.translatedFrom {
            out[key] = source.translatedText[key].map { .text($0) } ?? .fingerprint(setting.value)
        }
        return out
    }

    /// The comment written above the section.
    static let comment = "# The reference texts this file was translated from (redgreen-bot locales mark-current writes it)."

    /// Marks `keys` (every tracked key the file translates when empty) of `<directory>/<code>.yaml`
    /// as translated from the current text of `<directory>/<reference>.yaml`, keeping the other
    /// records; returns the keys marked. The rest of the file is kept as written.
    package static func markCurrent(code: String, reference: String, directory: String, keys: [String] = []) throws(FileError) -> [String] {
        let path = (directory as NSString).appendingPathComponent("\(code).yaml")
        let referencePath = (directory as NSString).appendingPathComponent("\(reference).yaml")
        if code == reference { throw FileError(.invalidValue, file: path, key: "", "is the reference itself; only translations are marked") }
        let own = LocaleLoad.read(path: path, code: code)
        let ref = LocaleLoad.read(path: referencePath, code: reference)
        if let problem = (own.problems + ref.problems).first { throw problem }
        let tracked = ref.entries.keys.filter { TranslationFingerprint.isTracked($0) && own.entries[$0] != nil }
        for key in keys where !tracked.contains(key) {
            throw FileError(.missingKey, file: path, key: key, "is not a text both this file and \(referencePath) have")
        }
        var records = Self.records(of: own).filter { tracked.contains($0.key) }
        let marked = (keys.isEmpty ? tracked : keys).sorted()
        for key in marked { records[key] = .text(ref.entries[key]!.text) }

        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw FileError(.unreadable, file: path, key: "", "cannot be read: \(error.localizedDescription)")
        }
        try write(replacingSection(in: text, with: records), to: path)
        return marked
    }

    /// Writes `text` to `path`, whole or not at all.
    static func write(_ text: String, to path: String) throws(FileError) {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw FileError(.unreadable, file: path, key: "", "cannot be written: \(error.localizedDescription)")
        }
    }

    /// `text` without its top-level `translated_from:` section (and the comment written above it),
    /// with `records` as a new one at the end.
    static func replacingSection(in text: String, with records: [String: Recorded]) -> String {
        var kept: [Substring] = []
        var inSection = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("translated_from:") {
                inSection = true
                if kept.last == Substring(comment) { kept.removeLast() }
                continue
            }
            if inSection, line.first == " " || line.first == "\t" || line.isEmpty { continue }
            inSection = false
            kept.append(line)
        }
        while let last = kept.last, last.allSatisfy(\.isWhitespace) { kept.removeLast() }
        var out = kept.joined(separator: "\n") + "\n"
        guard !records.isEmpty else { return out }
        out += comment + "\ntranslated_from:\n"
        for key in records.keys.sorted() {
            switch records[key]! {
            case .fingerprint(let fingerprint): out += "  \(key): \"\(fingerprint)\"\n"
            case .text(let reference): out += "  \(key):\n    text: " + YAMLScalar.lines(reference, indent: 4).joined(separator: "\n") + "\n"
            }
        }
        return out
    }
}

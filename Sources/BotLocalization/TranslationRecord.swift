// SPDX-License-Identifier: Apache-2.0
import BotSupport
import Foundation

/// Writes a translation's `translated_from:` section, the fingerprints of the reference texts it
/// was translated from (`redgreen-bot locales mark-current`), so that `locales check` reports a
/// key as stale when the reference text changes later.
package enum TranslationRecord {
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
        var records = own.translatedFrom.mapValues(\.value).filter { tracked.contains($0.key) }
        let marked = (keys.isEmpty ? tracked : keys).sorted()
        for key in marked { records[key] = TranslationFingerprint.of(ref.entries[key]!.text) }

        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw FileError(.unreadable, file: path, key: "", "cannot be read: \(error.localizedDescription)")
        }
        let updated = replacingSection(in: text, with: records)
        do {
            try updated.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw FileError(.unreadable, file: path, key: "", "cannot be written: \(error.localizedDescription)")
        }
        return marked
    }

    /// `text` without its top-level `translated_from:` section (and the comment written above it),
    /// with `records` as a new one at the end.
    static func replacingSection(in text: String, with records: [String: String]) -> String {
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
        for key in records.keys.sorted() { out += "  \(key): \"\(records[key]!)\"\n" }
        return out
    }
}

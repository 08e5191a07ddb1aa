// SPDX-License-Identifier: Apache-2.0
import BotSupport
import Foundation

/// One import: the imported catalog applied to its locale file, checked, then written.
struct TranslationImport {
    let catalog: ImportedCatalog
    /// The translation file read.
    let file: String
    let directory: String
    let reference: String

    func run() throws -> TranslationExchange.ImportSummary {
        let path = (directory as NSString).appendingPathComponent("\(catalog.code).yaml")
        let refPath = (directory as NSString).appendingPathComponent("\(reference).yaml")
        guard FileManager.default.fileExists(atPath: path), catalog.code != reference else {
            throw FileError(
                .unreadable, file: file, key: "",
                "translates into \(catalog.code), but \(path) \(catalog.code == reference ? "is the reference" : "does not exist")")
        }
        let own = LocaleLoad.read(path: path, code: catalog.code)
        let ref = LocaleLoad.read(path: refPath, code: reference)
        if let problem = (ref.problems + own.problems).first { throw problem }
        var records = TranslationRecord.records(of: own)
        var changed: [(String, String)] = []
        var recorded: [String] = []
        for (key, entry) in catalog.entries {
            guard let refEntry = ref.entries[key] else {
                throw FileError(.unknownKey, file: file, key: key, line: entry.line, "is not a text of the reference \(refPath)")
            }
            guard !entry.target.isEmpty else { continue }
            let current = own.entries[key]?.text
            let text = try texts(entry.target, key: key, line: entry.line, known: [current].compactMap { $0 })
            let source = try texts(entry.source, key: key, line: entry.line, known: [refEntry.text] + (own.translatedText[key].map { [$0] } ?? []))
            if text != current { changed.append((key, text)) }
            let confirmed = entry.confirmation == .yes || (entry.confirmation == .ifChanged && text != current)
            if confirmed, TranslationFingerprint.isTracked(key), records[key]?.fingerprint != TranslationFingerprint.of(source) {
                records[key] = .text(source)
                recorded.append(key)
            }
        }
        let summary = TranslationExchange.ImportSummary(path: path, changed: changed.map(\.0), recorded: recorded)
        guard !changed.isEmpty || !recorded.isEmpty else { return summary }
        var text = try readText(path)
        for (key, value) in changed { text = try YAMLTextEdit.setting(key, to: value, in: text, file: path, code: catalog.code) }
        if !recorded.isEmpty { text = TranslationRecord.replacingSection(in: text, with: records) }
        try gate(text, path: path)
        try TranslationRecord.write(text, to: path)
        return summary
    }

    /// The template an imported text stands for: for ICU, the one of `known` it is the export of
    /// (so that an unchanged text keeps the file's own writing), else the ICU read back.
    private func texts(_ imported: String, key: String, line: Int?, known: [String]) throws(FileError) -> String {
        guard catalog.isICU else { return imported }
        if let same = known.first(where: { ICUMessage.write($0, key: key) == imported }) { return same }
        do throws(ICUMessage.Failure) {
            return try ICUMessage.read(imported)
        } catch {
            throw FileError(.syntax, file: file, key: key, line: line, "is not ICU MessageFormat: \(error.message)")
        }
    }

    /// Refuses `text` for `path` when `locales check` finds an error in it, checked in a copy of
    /// the directory.
    private func gate(_ text: String, path: String) throws {
        let copy = NSTemporaryDirectory() + "redgreen-import-\(UUID().uuidString)"
        let manager = FileManager.default
        defer { try? manager.removeItem(atPath: copy) }
        try manager.createDirectory(atPath: copy, withIntermediateDirectories: true)
        for name in try manager.contentsOfDirectory(atPath: directory) where name.hasSuffix(".yaml") {
            try manager.copyItem(
                atPath: (directory as NSString).appendingPathComponent(name), toPath: (copy as NSString).appendingPathComponent(name))
        }
        let checked = (copy as NSString).appendingPathComponent((path as NSString).lastPathComponent)
        try TranslationRecord.write(text, to: checked)
        let errors = try LocaleCheck.run(directory: copy, reference: reference).filter { $0.severity == .error && $0.problem.file == checked }
        guard errors.isEmpty else {
            throw TranslationExchange.Refusal(
                problems: errors.map { problem in
                    var moved = problem
                    moved.problem.file = path
                    return moved
                })
        }
    }

    private func readText(_ path: String) throws(FileError) -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw FileError(.unreadable, file: path, key: "", "cannot be read: \(error.localizedDescription)")
        }
    }
}

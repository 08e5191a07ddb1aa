// SPDX-License-Identifier: Apache-2.0
import BotSupport
import Foundation

/// Every key of one locale against the reference, in the reference file's order, for export.
struct ExchangeCatalog: Sendable {
    /// The locale translated into (`ru`).
    var code: String
    /// The reference locale (`en`).
    var reference: String
    /// One per text of the reference.
    var entries: [ExchangeEntry]

    /// The catalog of `<directory>/<code>.yaml` against `<directory>/<reference>.yaml`; throws the
    /// first problem of a file that does not read.
    static func make(code: String, reference: String, directory: String) throws(FileError) -> ExchangeCatalog {
        let ownPath = (directory as NSString).appendingPathComponent("\(code).yaml")
        let refPath = (directory as NSString).appendingPathComponent("\(reference).yaml")
        let own = LocaleLoad.read(path: ownPath, code: code)
        let ref = LocaleLoad.read(path: refPath, code: reference)
        if let problem = (ref.problems + own.problems).first { throw problem }
        let notes = ExchangeNotes(referencePath: refPath)
        let records = TranslationRecord.records(of: own)
        let keys = ref.entries.keys.sorted { (ref.entries[$0]!.line ?? 0, $0) < (ref.entries[$1]!.line ?? 0, $1) }
        var entries: [ExchangeEntry] = []
        for key in keys {
            let source = ref.entries[key]!.text
            let target = code == reference ? source : own.entries[key]?.text
            var state = ExchangeEntry.State.current
            var previous: String?
            if target == nil {
                state = .untranslated
            } else if code != reference, TranslationFingerprint.isTracked(key), records[key]?.fingerprint != TranslationFingerprint.of(source) {
                state = .stale
                if case .text(let old) = records[key] { previous = old }
            }
            entries.append(
                ExchangeEntry(
                    key: key, source: source, target: target, state: state, previousSource: previous, notes: notes.lines(for: key, text: source)))
        }
        return ExchangeCatalog(code: code, reference: reference, entries: entries)
    }
}

// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import BotEngine
import BotLocalization
import Foundation

/// `redgreen-bot locales mark-current <code>`: records, after a review, that a translation is
/// current with the reference's texts.
struct LocalesMarkCurrentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mark-current",
        abstract: "Record that a translation matches the reference's current texts (after you have reviewed it).",
        discussion: """
            Writes the fingerprint of each reference text into the file's translated_from: section; `locales check` then reports \
            a key as stale when the reference text changes. The rest of the file is kept as written.
            """
    )

    @Argument(help: "The translation's locale code (vi for Locales/vi.yaml).") var code: String
    @Option(help: "Directory of locale files.") var dir = "Locales"
    @Option(help: "The locale translated from.") var reference = "en"
    @Option(name: .customLong("key"), help: "Mark only this key (messages.result); repeat for more. Every key when not given.")
    var keys: [String] = []

    func run() throws {
        let marked: [String]
        do {
            marked = try TranslationRecord.markCurrent(code: code, reference: reference, directory: dir, keys: keys)
        } catch {
            throw exitForBadFile(error)
        }
        FileHandle.standardError.write(
            Data("redgreen-bot: marked \(marked.count) key\(marked.count == 1 ? "" : "s") of \(code) current with \(reference)\n".utf8))
    }
}

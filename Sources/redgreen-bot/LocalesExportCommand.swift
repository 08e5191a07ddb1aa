// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import BotEngine
import BotLocalization
import Foundation

/// `redgreen-bot locales export`: locale files as PO or XLIFF for translation tools.
struct LocalesExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write each translation as a gettext PO or XLIFF 2.0 file for a translation tool.",
        discussion: """
            One file per locale (<code>.po or <code>.xliff in --to): every text of the reference with its translation, the \
            placeholders' meanings and an example as notes, stale translations fuzzy (PO) or state="translated" (XLIFF) with \
            what changed in the reference since. `locales import` reads the file back.
            """
    )

    @Option(help: "po or xliff.") var format: String
    @Option(help: "Directory to write the files into (made if missing).") var to: String
    @Option(help: "Export only this locale; repeat for more. Every translation when not given.") var lang: [String] = []
    @Option(help: "Directory of locale files.") var dir = "Locales"
    @Option(help: "The locale translated from.") var reference = "en"

    func validate() throws {
        if TranslationExchange.Format(rawValue: format) == nil { throw ValidationError("--format must be po or xliff, got '\(format)'") }
    }

    func run() throws {
        let written: [String]
        do {
            written = try TranslationExchange.export(
                format: TranslationExchange.Format(rawValue: format)!, codes: lang, directory: dir, reference: reference, to: to)
        } catch {
            throw exitForBadFile(error)
        }
        try OutputFile.standardOutput(written.map { "\($0)\n" }.joined())
    }
}

// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import BotEngine
import BotLocalization
import BotSupport
import Foundation

/// `redgreen-bot locales import`: a PO or XLIFF file back into its locale file.
struct LocalesImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Read a translated PO or XLIFF file (from locales export) back into its locale file.",
        discussion: """
            Writes the changed texts into Locales/<code>.yaml, keeping the rest of the file as written, and records in \
            translated_from the reference text of each key the file marks done (PO: not fuzzy; XLIFF: reviewed, or translated \
            with a new text). The file is checked as `locales check` would first: on an error nothing is written, the errors \
            are printed (file:line) and the exit status is 1.
            """
    )

    @Argument(help: "The .po or .xliff file.") var file: String
    @Option(help: "Directory of locale files.") var dir = "Locales"
    @Option(help: "The locale translated from.") var reference = "en"

    func run() throws {
        let summary: TranslationExchange.ImportSummary
        do {
            summary = try TranslationExchange.importFile(file, directory: dir, reference: reference)
        } catch let refusal as TranslationExchange.Refusal {
            try OutputFile.standardOutput(refusal.problems.map { "\($0)\n" }.joined())
            FileHandle.standardError.write(
                Data("redgreen-bot: locales import: \(file) not imported: the result fails the check; nothing written\n".utf8))
            throw ExitCode(1)
        } catch let error as FileError {
            throw exitForBadFile(error)
        }
        func count(_ keys: [String]) -> String { "\(keys.count) key\(keys.count == 1 ? "" : "s")" }
        FileHandle.standardError.write(
            Data("redgreen-bot: imported \(file) into \(summary.path): \(count(summary.changed)) changed, \(count(summary.recorded)) recorded\n".utf8)
        )
    }
}

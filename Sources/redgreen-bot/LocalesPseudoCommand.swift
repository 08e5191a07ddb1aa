// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import BotEngine
import BotLocalization
import Foundation

/// `redgreen-bot locales pseudo`: writes the pseudo-locales `en-XA` and `ar-XB` made from the
/// reference, to see layout, length and direction before any translation exists.
struct LocalesPseudoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pseudo",
        abstract: "Write the pseudo-locales en-XA (accented, 40 % longer, bracketed) and ar-XB (mirrored, right to left).",
        discussion: """
            Both are made from the reference locale's file, with its translated_from recorded so that `locales check` reports \
            them stale when the reference changes. Placeholders, sections and HTML tags pass through untouched. Look at them \
            with `locales preview en-XA`, the workbench (`locales serve`) or a bot whose locale is en-XA.
            """
    )

    @Option(help: "Directory of locale files, where the reference is.") var dir = "Locales"
    @Option(help: "The locale the pseudo-locales are made from.") var reference = "en"
    @Option(help: "Where to write en-XA.yaml and ar-XB.yaml (default: --dir).") var out: String?

    func run() throws {
        let written: [String]
        do {
            written = try PseudoLocale.writeAll(reference: reference, directory: dir, to: out ?? dir)
        } catch {
            throw exitForBadFile(error)
        }
        for path in written { FileHandle.standardError.write(Data("redgreen-bot: wrote \(path)\n".utf8)) }
    }
}

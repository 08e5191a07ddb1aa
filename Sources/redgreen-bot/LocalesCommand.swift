// SPDX-License-Identifier: Apache-2.0
import ArgumentParser

/// `redgreen-bot locales`: tools for the people who write locale files.
struct LocalesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "locales",
        abstract: "Work with locale files.",
        subcommands: [
            LocalesCheckCommand.self, LocalesPreviewCommand.self, LocalesMarkCurrentCommand.self, LocalesPseudoCommand.self, LocalesServeCommand.self,
            LocalesExportCommand.self,
            LocalesImportCommand.self,
        ]
    )
}

// SPDX-License-Identifier: Apache-2.0
import ArgumentParser

/// `redgreen-bot config`: tools for the people who write bot configs.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Work with bot config files.",
        subcommands: [ConfigCheckCommand.self]
    )
}

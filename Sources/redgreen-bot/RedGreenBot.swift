// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import BotEngine
import Foundation

/// `redgreen-bot`: one binary for every bot of the fleet, the demo and the game simulator.
@main
struct RedGreenBot: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redgreen-bot",
        abstract: "Posts every Red/Green draw to chat, one bot per language, sharing draws through Redis.",
        version: BotAssembly.version,
        subcommands: [
            RunCommand.self, StatusCommand.self, ConfigCommand.self, DemoCommand.self, SimulateCommand.self, LocalesCommand.self, TrendCommand.self,
        ]
    )

    /// As ArgumentParser's own, except that bad usage (an unknown option, a missing value) exits
    /// with status 2, as a bad config or locale does, rather than 64.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}

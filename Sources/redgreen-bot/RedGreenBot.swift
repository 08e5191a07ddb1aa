import ArgumentParser

/// `redgreen-bot`: one binary for every bot of the fleet, the demo and the game simulator.
@main
struct RedGreenBot: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redgreen-bot",
        abstract: "Posts every Red/Green draw to chat, one bot per language, sharing draws through Redis.",
        subcommands: [RunCommand.self, DemoCommand.self, SimulateCommand.self]
    )
}

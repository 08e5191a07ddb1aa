import ArgumentParser
import BotEngine
import Foundation
import Logging

/// `redgreen-bot config check --config FILE [--connect]`: validates a bot's config and its locale
/// without running the bot and, with `--connect`, reaches Redis and the game API once.
struct ConfigCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a bot's config and its locale without running the bot; with --connect, reach Redis and the game API once.",
        discussion: """
            Prints one line per problem, `file:line: key: message`, and exits with status 2 when there is any, 0 when there is none. \
            With --connect (and no problem), it then logs in to Redis with the config's credentials, uses the rights the bot's role \
            needs there (a master's write is a fenced probe that writes nothing), asks the game API for its draws, prints what works, \
            and exits with status 1 when anything fails. REDIS_URL and REDGREEN_UPSTREAM_URL override the config as for run. \
            Passwords are never printed.
            """
    )

    @Option(name: .shortAndLong, help: "The bot's YAML config file.")
    var config: String

    @Flag(help: "Also log in to Redis and ask the game API once, and say what works.")
    var connect = false

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        try logging.bootstrap(default: .critical)
        let check = ConfigCheck(path: config)
        try OutputFile.standardOutput(check.problems.map { "\($0)\n" }.joined())
        for note in check.notes { FileHandle.standardError.write(Data("redgreen-bot: note: \(note)\n".utf8)) }
        guard let settings = check.config, check.problems.isEmpty else {
            let count = check.problems.count
            FileHandle.standardError.write(Data("redgreen-bot: config check: \(config): \(count) problem\(count == 1 ? "" : "s")\n".utf8))
            throw ExitCode(2)
        }
        FileHandle.standardError.write(
            Data("redgreen-bot: config check: \(config): no problems (\(settings.locale), \(settings.role.rawValue))\n".utf8))
        guard connect else { return }
        let steps = await ConnectionCheck.run(config: settings, logger: Logger(label: "[CHECK]"))
        try OutputFile.standardOutput(steps.map { "\($0)\n" }.joined())
        if steps.contains(where: { !$0.ok }) { throw ExitCode(1) }
    }
}

// SPDX-License-Identifier: Apache-2.0
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

    @Option(name: .shortAndLong, help: "A bot's YAML config file; give every bot of a fleet (--config a.yaml --config b.yaml) for its send budget.")
    var config: [String]

    @Flag(help: "Also log in to Redis and ask the game API once, and say what works.")
    var connect = false

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        try logging.bootstrap(default: .critical)
        func say(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
        let checks = config.map { ConfigCheck(path: $0) }
        var failed = false
        for (path, check) in zip(config, checks) {
            try OutputFile.standardOutput(check.problems.map { "\($0)\n" }.joined())
            for note in check.notes { say("redgreen-bot: note: \(note)\n") }
            if let settings = check.config, check.problems.isEmpty {
                say("redgreen-bot: config check: \(path): no problems (\(settings.locale), \(settings.role.rawValue))\n")
            } else {
                let count = check.problems.count
                say("redgreen-bot: config check: \(path): \(count) problem\(count == 1 ? "" : "s")\n")
                failed = true
            }
        }
        // The chats', webhooks' and channels' limits, across every config given.
        let budget = ConfigCheck.budget(of: checks.filter(\.problems.isEmpty))
        try OutputFile.standardOutput(budget.table)
        for warning in budget.warnings { say("redgreen-bot: warning: send budget: \(warning)\n") }
        if !budget.problems.isEmpty {
            try OutputFile.standardOutput(budget.problems.map { "\($0)\n" }.joined())
            let count = budget.problems.count
            say("redgreen-bot: config check: the send budget is over \(count) limit\(count == 1 ? "" : "s")\n")
            failed = true
        }
        if failed { throw ExitCode(2) }
        guard connect else { return }
        var broken = false
        for settings in checks.compactMap(\.config) {
            let steps = await ConnectionCheck.run(config: settings, logger: Logger(label: "[CHECK]"))
            try OutputFile.standardOutput(steps.map { "\($0)\n" }.joined())
            broken = broken || steps.contains { !$0.ok }
        }
        if broken { throw ExitCode(1) }
    }
}

// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import BotEngine
import Foundation
import Logging

/// `redgreen-bot status --config Config/en.yaml [--json]`: the fleet at a glance, from Redis.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the fleet of a config's game: snapshot, master lease, each locale's last post and lag, Redis hit rates.",
        discussion: """
            Reads Redis with the config's Redis settings and credentials (REDIS_URL overrides redis.url). Exits with status 1 when \
            Redis cannot be reached or refuses the login, 2 when the config has a problem. Passwords are never printed.
            """
    )

    @Option(name: .shortAndLong, help: "A bot's YAML config file: its Redis and game are read.")
    var config: String

    @Flag(help: "Print the status as one JSON object (snake_case keys).")
    var json = false

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        try logging.bootstrap(default: .critical)
        let reader: FleetStatusReader
        do {
            reader = try FleetStatusReader(config: BotConfig.load(path: config), logger: Logger(label: "[STATUS]"))
        } catch {
            throw exitForBadFile(error)
        }
        let status: FleetStatus
        do {
            status = try await reader.read()
        } catch {
            FileHandle.standardError.write(Data("redgreen-bot: status: \(error)\n".utf8))
            throw ExitCode(1)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            let data = (try? encoder.encode(status)) ?? Data("{}".utf8)
            try OutputFile.standardOutput(String(decoding: data, as: UTF8.self) + "\n")
        } else {
            try OutputFile.standardOutput(status.text())
        }
    }
}

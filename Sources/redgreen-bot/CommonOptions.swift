// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import BotEngine
import BotSupport
import Foundation
import Logging

/// Options every subcommand takes.
struct LoggingOptions: ParsableArguments {
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String?

    /// Bootstraps swift-log with the prefixed handler, once per process.
    func bootstrap(default level: Logger.Level) throws {
        let chosen: Logger.Level
        if let logLevel {
            guard let parsed = Logger.Level(rawValue: logLevel.lowercased()) else {
                throw ValidationError("--log-level: unknown level '\(logLevel)'")
            }
            chosen = parsed
        } else {
            chosen = level
        }
        LoggingSystem.bootstrap { label in PrefixedLogHandler(label: label, level: chosen) }
    }
}

/// Prints a config or locale error and exits with status 2, as scripts expect of bad input.
func exitForBadFile(_ error: FileError) -> ExitCode {
    FileHandle.standardError.write(Data("redgreen-bot: \(error)\n".utf8))
    return ExitCode(2)
}

/// A duration option such as `500ms`, `5s`, `5m`.
struct DurationArgument: ExpressibleByArgument {
    let value: Duration
    init?(argument: String) {
        guard let value = DurationText.parse(argument) else { return nil }
        self.value = value
    }
    var defaultValueDescription: String { DurationText.format(value) }
    init(_ value: Duration) { self.value = value }
}

// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import BotEngine
import BotLocalization
import Foundation

/// `redgreen-bot locales check`: every problem of every locale file, one line each.
struct LocalesCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check every locale file against a reference locale and report every problem.",
        discussion: """
            Prints one line per problem, `file:line: error: key: message` or `file:line: warning: key: message` (or a JSON \
            array with --json), and exits with status 1 when there is any error, 0 when there are only warnings or none, \
            2 when there is nothing to check (no such directory or reference).
            """
    )

    @Option(help: "Directory of locale files.") var dir = "Locales"
    @Option(help: "The locale every other one is compared with.") var reference = "en"
    @Flag(help: "Print the problems as a JSON array of {file, line, column, key, code, severity, message}.") var json = false

    func run() throws {
        let problems: [LocaleProblem]
        do {
            problems = try LocaleCheck.run(directory: dir, reference: reference)
        } catch {
            throw exitForBadFile(error)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = (try? encoder.encode(problems)) ?? Data("[]".utf8)
            try OutputFile.standardOutput(String(decoding: data, as: UTF8.self) + "\n")
        } else {
            try OutputFile.standardOutput(problems.map { "\($0)\n" }.joined())
            let files = (try? LocaleBundle.availableCodes(in: dir).count) ?? 0
            let errors = problems.filter { $0.severity == .error }.count
            let warnings = problems.count - errors
            func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
            let summary = problems.isEmpty ? "no problems" : "\(count(errors, "error")), \(count(warnings, "warning"))"
            FileHandle.standardError.write(Data("redgreen-bot: locales check: \(files) file\(files == 1 ? "" : "s") in \(dir), \(summary)\n".utf8))
        }
        if problems.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
    }
}

// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import BotEngine
import BotLocalization
import BotSupport
import Foundation
import GameSimulator

/// `redgreen-bot trend`: writes the trend picture a bot would post, so an operator sees it
/// before turning it on.
struct TrendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trend",
        abstract: "Write the trend picture (PNG) for the draws the game API returns now, or for a simulated game.",
        discussion: """
            The picture's settings are the first sink's trend: of the config (the defaults when no sink has one). \
            Without --simulate the config's game API is asked once, so the picture shows at most the draws of its window.
            """
    )

    @Option(help: "The bot's config file.") var config: String
    @Option(help: "Where to write the PNG.") var out = "trend.png"
    @Flag(help: "Draw a simulated game's results instead of asking the game API.") var simulate = false
    @Option(help: "Results shown (default: the sink's trend.draws).") var draws: Int?
    @Option(help: "Seed of the simulated game.") var seed: UInt64 = 42

    func validate() throws {
        if let draws, !(1...500).contains(draws) { throw ValidationError("--draws must be from 1 to 500") }
    }

    func run() async throws {
        let botConfig: BotConfig
        do {
            botConfig = try BotConfig.load(path: config)
        } catch {
            throw exitForBadFile(error)
        }
        var settings = botConfig.sinks.lazy.compactMap(\.trend).first ?? TrendSettings()
        if let draws { settings.draws = draws }
        if let problem = settings.pictureSizeProblem { throw Self.fail("--draws \(settings.draws): \(problem)") }
        let window: [Draw]
        if simulate {
            window = Self.simulatedDraws(count: settings.draws, seed: seed)
        } else {
            do {
                window = try await BotAssembly.gameAPI(config: botConfig).fetchDraws().draws
            } catch {
                throw Self.fail("the game API at \(botConfig.upstream.url) gave no draws: \(error)")
            }
        }
        let png: [UInt8]
        do {
            png = try TrendPicture.png(of: window, settings: settings)
        } catch {
            throw Self.fail("cannot draw the trend picture: \(error)")
        }
        do {
            try OutputFile.write(png, to: out)
        } catch {
            throw Self.fail("\(error)")
        }
        let stats = TrendStats(window, limit: settings.draws)
        let issues = stats.draws.first.map { "issues \($0.issue) to \(stats.draws.last!.issue)" } ?? "no draws"
        try OutputFile.standardOutput("Wrote \(out): \(stats.draws.count) draws (\(issues)), \(png.count) bytes\n")
        // The caption in the bot's locale, when it has messages.trend (a locale that does not load is the run command's to report).
        if let bundle = try? LocaleBundle.load(code: botConfig.locale, directory: botConfig.localesDirectory) {
            let caption = TrendCaption.render(stats, bundle: bundle, format: .plain, gameType: botConfig.gameType)
            try OutputFile.standardOutput((caption.isEmpty ? "No caption: \(bundle.file) has no messages.trend" : "Caption: \(caption)") + "\n")
        }
    }

    /// Prints `message` as one line (`redgreen-bot: error: …`, no usage: the command line was
    /// right, the work failed) and gives exit status 1.
    static func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("redgreen-bot: error: \(message)\n".utf8))
        return ExitCode(1)
    }

    /// `count` results of the simulated game with `seed`, as `redgreen-bot simulate` publishes them.
    static func simulatedDraws(count: Int, seed: UInt64) -> [Draw] {
        let state = SimulatorState(window: count, seed: seed)
        for _ in 0..<count { _ = state.publish() }
        return state.draws.map { Draw(issue: $0.issue, value: $0.value, colors: $0.colors) }
    }
}

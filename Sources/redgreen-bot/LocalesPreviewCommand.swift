// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import BotEngine
import BotLocalization
import BotSupport
import Foundation
import Logging

/// `redgreen-bot locales preview <code>`: the message a locale would post for a draw the
/// translator describes, so each plural and variant can be seen without running a fleet.
struct LocalesPreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Print the message a locale would post for a draw you describe.",
        discussion: """
            The draw comes after a run of --streak draws of its first colour (ended by another colour), so {{streak}} and \
            {{history}} show what a bot would post. Exits with status 2 when the locale does not load.
            """
    )

    @Argument(help: "The locale code (the file's name: vi for Locales/vi.yaml).") var code: String
    @Option(help: "Directory of locale files.") var dir = "Locales"
    @Option(help: "The draw's issue number.") var issue: Int64 = 1010
    @Option(help: "The result as the game shows it.") var value = "7"
    @Option(help: "The result's colours, first the main one (red,violet).") var colors = "green"
    @Option(help: "How many draws in a row, this one included, have its first colour.") var streak = 3
    @Option(help: "Markup of the sink: plain, html (Telegram) or markdown (Discord).") var format = "plain"
    @Option(help: "The draw's time, ISO 8601 (2026-11-27T08:17:11Z); now when not given.") var time: String?
    @Option(help: "The zone times are shown in (IANA name); that of <config-dir>/<code>.yaml, else UTC.") var timeZone: String?
    @Option(help: "Where a bot config for the locale is looked for, for its time_zone.") var configDir = "Config"
    @Option(help: "Game type tag for {{game_type}}.") var gameType = "RG5M"

    func validate() throws {
        if !(1...PreviewDraws.maxStreak).contains(streak) {
            throw ValidationError(
                "--streak must be between 1 and \(PreviewDraws.maxStreak), got \(streak) (a bot counts a run within the draws the game API returns)")
        }
        if MessageFormat(rawValue: format) == nil { throw ValidationError("--format must be plain, html or markdown") }
        if colors.split(separator: ",").isEmpty { throw ValidationError("--colors needs at least one colour (red,violet)") }
        if let time, Self.date(time) == nil { throw ValidationError("--time: '\(time)' is not an ISO 8601 time such as 2026-11-27T08:17:11Z") }
        if let timeZone, TimeZone(identifier: timeZone) == nil { throw ValidationError("--time-zone: unknown time zone '\(timeZone)'") }
    }

    func run() throws {
        let bundle: LocaleBundle
        let zone: TimeZone
        do throws(FileError) {
            bundle = try LocaleBundle.load(code: code, directory: dir)
            if let given = timeZone.flatMap(TimeZone.init(identifier:)) {
                zone = given
            } else {
                zone = try DemoFleet.timeZones(codes: [code], configDir: configDir)[code] ?? .gmt
            }
        } catch {
            throw exitForBadFile(error)
        }
        let renderer = MessageRenderer(bundle: bundle, gameType: gameType, timeZone: zone, logger: Logger(label: bundle.logPrefix))
        let at = time.flatMap(Self.date) ?? Date()
        let draws = PreviewDraws(
            issue: issue, value: value, colors: colors.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }, streak: streak,
            time: at, history: bundle.historyLength
        )
        let text = renderer.render(draws.draw, seenAt: at, format: MessageFormat(rawValue: format)!, history: draws.window)
        try OutputFile.standardOutput(text + "\n")
    }

    private static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}

// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import BotEngine
import BotLocalization
import BotSupport
import Foundation

/// `redgreen-bot locales preview <code>`: the messages a locale would post for a draw the
/// translator describes (the result, the trend caption, the live board), each plural and select
/// branch on request, for one locale or all, without running a fleet.
struct LocalesPreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Print the messages a locale would post for a draw you describe.",
        discussion: """
            The draw comes after a run of --streak draws of its first colour (ended by another colour), so {{streak}} and \
            {{history}} show what a bot would post; the trend caption and the board count the last --draws draws, or the \
            draws --counts describes. --all-branches adds the message once for each value of --streak, --draws and the \
            main colour that shows another branch of a plural or select. Exits with status 2 when a locale does not load.
            """
    )

    @Argument(help: "The locale code (the file's name: vi for Locales/vi.yaml), or all.") var code: String?
    @Option(help: "The locale code, or all (instead of the argument).") var lang: String?
    @Option(help: "Which message: result, trend, board or all.") var message = "result"
    @Option(help: "Directory of locale files.") var dir = "Locales"
    @Option(help: "The draw's issue number.") var issue: Int64 = 1010
    @Option(help: "The result as the game shows it.") var value = "7"
    @Option(help: "The result's colours, first the main one (red,violet).") var colors = "green"
    @Option(help: "How many draws in a row, this one included, have its first colour.") var streak = 3
    @Option(help: "How many draws the trend caption and the board count (default: the sum of --counts, else 100).") var draws: Int?
    @Option(help: "How many draws name each colour, for the trend caption and the board (red=6,green=5,violet=3).") var counts: String?
    @Flag(help: "Also print each message for every value that shows another plural or select branch.") var allBranches = false
    @Option(help: "Markup of the sink: plain, html (Telegram) or markdown (Discord).") var format = "plain"
    @Option(help: "The draw's time, ISO 8601 (2026-11-27T08:17:11Z); now when not given.") var time: String?
    @Option(help: "The zone times are shown in (IANA name); that of <config-dir>/<code>.yaml, else UTC.") var timeZone: String?
    @Option(help: "Where a bot config for the locale is looked for, for its time_zone.") var configDir = "Config"
    @Option(help: "Game type tag for {{game_type}}; {{game}} shows the name the locale gives it (games:).") var gameType = "RG5M"

    func validate() throws {
        if (code == nil) == (lang == nil) { throw ValidationError("give the locale code (or all) as the argument or with --lang, once") }
        if !(1...PreviewDraws.maxStreak).contains(streak) {
            throw ValidationError(
                "--streak must be between 1 and \(PreviewDraws.maxStreak), got \(streak) (a bot counts a run within the draws the game API returns)")
        }
        if let draws, !(1...PreviewDraws.maxStreak).contains(draws) {
            throw ValidationError("--draws must be between 1 and \(PreviewDraws.maxStreak)")
        }
        if let counts, Self.counts(counts) == nil {
            throw ValidationError(
                "--counts: '\(counts)' is not colour=count pairs (red=6,green=5,violet=3), each count 0 to \(PreviewDraws.maxStreak)")
        }
        if Self.messages(message) == nil { throw ValidationError("--message must be result, trend, board or all") }
        if MessageFormat(rawValue: format) == nil { throw ValidationError("--format must be plain, html or markdown") }
        if colors.split(separator: ",").isEmpty { throw ValidationError("--colors needs at least one colour (red,violet)") }
        if let time, Self.date(time) == nil { throw ValidationError("--time: '\(time)' is not an ISO 8601 time such as 2026-11-27T08:17:11Z") }
        if let timeZone, TimeZone(identifier: timeZone) == nil { throw ValidationError("--time-zone: unknown time zone '\(timeZone)'") }
    }

    func run() throws {
        let asked = code ?? lang ?? "en"
        let codes = asked == "all" ? ((try? LocaleBundle.availableCodes(in: dir)) ?? []) : [asked]
        let messages = Self.messages(message) ?? ["result"]
        let plain = codes.count == 1 && messages.count == 1 && !allBranches
        var out = ""
        for each in codes {
            let preview: LocalePreview
            do throws(FileError) {
                let bundle = try LocaleBundle.load(code: each, directory: dir)
                var zone = TimeZone.gmt
                if let given = timeZone.flatMap(TimeZone.init(identifier:)) {
                    zone = given
                } else {
                    zone = try DemoFleet.timeZones(codes: [each], configDir: configDir)[each] ?? .gmt
                }
                preview = LocalePreview(bundle: bundle, zone: zone, gameType: gameType, format: MessageFormat(rawValue: format)!)
            } catch {
                throw exitForBadFile(error)
            }
            let base = LocalePreview.Arguments(
                issue: issue, value: value, colors: colors.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }, streak: streak,
                time: time.flatMap(Self.date) ?? Date(), draws: draws, counts: counts.flatMap(Self.counts))
            for name in messages {
                out += plain ? preview.render(name, base) + "\n" : preview.section(name, base, allBranches: allBranches)
            }
        }
        try OutputFile.standardOutput(out)
    }

    private static func messages(_ text: String) -> [String]? {
        text == "all" ? ["result", "trend", "board"] : (["result", "trend", "board"].contains(text) ? [text] : nil)
    }

    /// `red=6,green=5` → ["red": 6, "green": 5]; nil when a pair does not parse.
    static func counts(_ text: String) -> [String: Int]? {
        var out: [String: Int] = [:]
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, let count = Int(parts[1]), (0...PreviewDraws.maxStreak).contains(count) else { return nil }
            out[parts[0].lowercased(), default: 0] += count
        }
        return out.isEmpty ? nil : out
    }

    private static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}

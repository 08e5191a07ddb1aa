// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotSupport
import Foundation
import Testing

/// The send budget `config check` works out: each chat's, webhook's and channel's sends a minute
/// across every config given, against the platforms' limits, with the key to change when over.
@Suite struct SendBudgetTests {
    let env = ["TG_TOKEN": "1:abc", "TG_OTHER": "2:def", "DC_HOOK": "https://discord.com/api/webhooks/987/hook-token"]

    /// A config (`locale`, the draw period `period`) with `sinks`, written to a file in `dir`.
    func config(_ locale: String, period: String?, game: String? = nil, sinks: String, in dir: String) throws -> String {
        var yaml = "locale: \(locale)\nlocales_dir: \(RepoPaths.locales)\nrole: reader\n"
        if let game { yaml += "game_type: \(game)\n" }
        yaml += "upstream:\n  url: http://127.0.0.1:8080/api/draws\n"
        if let period { yaml += "  draw_period: \(period)\n" }
        yaml += "sinks:\n" + sinks
        let path = "\(dir)/\(locale).yaml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func budget(_ paths: [String]) -> (table: String, warnings: [String], problems: [FileError]) {
        ConfigCheck.budget(of: paths.map { ConfigCheck(path: $0, environment: env) })
    }

    static let telegram = "  - type: telegram\n    token_env: TG_TOKEN\n    chat_id: \"@results\"\n"

    @Test func aSlowGameWithABoardAndAPictureFitsTelegramsLimits() throws {
        let dir = try LocaleFiles.directory([:])
        let path = try config("en", period: "30s", sinks: Self.telegram + "    board: {pin: false}\n    trend: {every: 10}\n", in: dir)
        let result = budget([path])
        #expect(result.problems.isEmpty && result.warnings.isEmpty, "\(result)")
        // 2 results, 2 board edits and 0.2 pictures a minute: 4.2 of 20.
        #expect(result.table.contains("telegram chat @results (token "), "\(result.table)")
        #expect(result.table.contains("4.2/min of 20/min per group or channel: 21 %"), "\(result.table)")
        #expect(result.table.contains("2 results, 2 board edits, 0.2 pictures"), "\(result.table)")
    }

    @Test func aFastGameWithABoardIsRefusedNamingTheBoardsLine() throws {
        let dir = try LocaleFiles.directory([:])
        let path = try config("en", period: "5s", sinks: Self.telegram + "    board: {pin: false}\n", in: dir)
        let result = budget([path])
        let problem = try #require(result.problems.first)
        // 12 results and 12 edits a minute: 24 of 20.
        #expect(problem.file == path && problem.key == "sinks[0].board" && problem.line == 11, "\(problem)")
        #expect(problem.message.contains("24 sends a minute, over 20/min per group or channel (120 %)"), "\(problem.message)")
    }

    @Test func botsOfSeveralConfigsInOneChatAddUpAndAreWarnedAbove80Percent() throws {
        let dir = try LocaleFiles.directory([:])
        let en = try config("en", period: "10s", sinks: Self.telegram, in: dir)
        let vi = try config("vi", period: "10s", sinks: Self.telegram, in: dir)
        let ja = try config(
            "ja", period: "10s", sinks: Self.telegram + "  - type: telegram\n    token_env: TG_OTHER\n    chat_id: \"@results\"\n", in: dir)
        // One bot: 6 a minute, 30 %.
        #expect(budget([en]).problems.isEmpty && budget([en]).warnings.isEmpty)
        // Two bots of one token in one chat: 12, 60 %; three: 18, 90 %, a warning.
        #expect(budget([en, vi]).warnings.isEmpty)
        let three = budget([en, vi, try config("id", period: "10s", sinks: Self.telegram, in: dir)])
        #expect(three.problems.isEmpty && three.warnings.count == 1, "\(three)")
        #expect(three.warnings.first?.contains("uses 90 % of 20/min per group or channel") == true, "\(three.warnings)")
        // Four: 24, refused, naming the chat_id of a sink that shares it. The other token's sink in the same chat is a budget of its own.
        let four = budget([en, vi, ja, try config("id", period: "10s", sinks: Self.telegram, in: dir)])
        let problem = try #require(four.problems.first, "\(four.table)")
        #expect(four.problems.count == 1 && problem.key.hasSuffix(".chat_id"), "\(four.problems)")
    }

    @Test func discordCountsWebhookRequestsAndChannelMessagesApart() throws {
        let dir = try LocaleFiles.directory([:])
        let path = try config("en", period: "2s", sinks: "  - type: discord\n    webhook_url_env: DC_HOOK\n    board: true\n", in: dir)
        let result = budget([path])
        // 30 results and 30 edits a minute: 60 of the webhook's 150, and 30 messages of the channel's 30 (100 %: a warning).
        #expect(result.table.contains("discord webhook 987: 60/min of 150/min per webhook (5 per 2 s): 40 %"), "\(result.table)")
        #expect(result.table.contains("discord channel of webhook 987: 30/min of 30 messages/min per channel: 100 %"), "\(result.table)")
        #expect(!result.table.contains("hook-token"))
        #expect(result.problems.isEmpty && result.warnings.count == 1, "\(result)")
    }

    @Test func theGamesPeriodComesFromItsNameWhenDrawPeriodIsNotSet() throws {
        let dir = try LocaleFiles.directory([:])
        let fast = try config("en", period: nil, game: "RG30S", sinks: Self.telegram, in: dir)
        #expect(budget([fast]).table.contains("2/min of 20/min"), "\(budget([fast]).table)")
        let unknown = try config("vi", period: nil, game: "LOTTO", sinks: Self.telegram, in: dir)
        #expect(budget([unknown]).table.isEmpty)
        #expect(
            budget([unknown]).warnings == [
                "\(unknown): the draw period is unknown (set upstream.draw_period), so its sends are not in the send budget"
            ])
    }
}

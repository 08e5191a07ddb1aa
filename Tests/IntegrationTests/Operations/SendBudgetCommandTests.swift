// SPDX-License-Identifier: Apache-2.0
import BotEngineTesting
import Foundation
import TestHarness
import Testing

/// `redgreen-bot config check --config a.yaml --config b.yaml` prints the fleet's send budget and
/// refuses a fleet over a chat's limit, naming the file, line and key to change.
@Suite struct SendBudgetCommandTests {
    func config(_ locale: String, sinks: String, in dir: String) throws -> String {
        let yaml = """
            locale: \(locale)
            locales_dir: \(RepoPaths.locales)
            role: reader
            upstream:
              url: http://127.0.0.1:8080/api/draws
              draw_period: 10s
            sinks:
            \(sinks)
            """
        let path = "\(dir)/\(locale).yaml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func twoBotsInOneChannelAreAddedUpAndTheBoardThatTipsItOverIsNamed() async throws {
        let dir = try BotBinary.temporaryDirectory()
        let env = ["TG_TOKEN": "123456:budget-token-not-real"]
        let en = try config("en", sinks: "  - type: telegram\n    token_env: TG_TOKEN\n    chat_id: \"@fleet\"\n", in: dir)
        let vi = try config("vi", sinks: "  - type: telegram\n    token_env: TG_TOKEN\n    chat_id: \"@fleet\"\n    board: {pin: false}", in: dir)

        // Each alone fits: 6 and 12 a minute of 20.
        let alone = try await Ops.run(["config", "check", "--config", vi], environment: env)
        #expect(alone.status == 0, "\(alone.stdout)\(alone.stderr)")
        #expect(alone.stdout.contains("send budget (per minute"), "\(alone.stdout)")
        #expect(alone.stdout.contains("12/min of 20/min per group or channel: 60 %"), "\(alone.stdout)")

        // Together, 18 of 20: a warning; the vi bot's board is 6 of them.
        let both = try await Ops.run(["config", "check", "--config", en, "--config", vi], environment: env)
        #expect(both.status == 0, "\(both.stdout)\(both.stderr)")
        #expect(both.stderr.contains("warning: send budget: telegram chat @fleet (token "), "\(both.stderr)")
        #expect(both.stderr.contains("uses 90 % of 20/min per group or channel"), "\(both.stderr)")
        #expect(!both.stdout.contains("budget-token-not-real") && !both.stderr.contains("budget-token-not-real"))

        // A third bot with a board: 30 of 20, refused with status 2, naming the board's line.
        let ja = try config("ja", sinks: "  - type: telegram\n    token_env: TG_TOKEN\n    chat_id: \"@fleet\"\n    board: {pin: false}", in: dir)
        let over = try await Ops.run(["config", "check", "--config", en, "--config", vi, "--config", ja], environment: env)
        #expect(over.status == 2, "\(over.stdout)\(over.stderr)")
        #expect(
            over.stdout.contains("\(vi):11: sinks[0].board: telegram chat @fleet")
                || over.stdout.contains("\(ja):11: sinks[0].board: telegram chat @fleet"), "\(over.stdout)")
        #expect(over.stdout.contains("would get 30 sends a minute, over 20/min per group or channel (150 %)"), "\(over.stdout)")
        #expect(over.stderr.contains("config check: the send budget is over 1 limit"), "\(over.stderr)")
    }
}

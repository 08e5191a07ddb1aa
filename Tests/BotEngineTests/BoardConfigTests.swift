// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotLocalization
import BotStore
import BotSupport
import Foundation
import Testing

/// A chat sink's `board:` settings, the locale's `messages.board`, and the error when a sink asks
/// for a board its locale cannot fill.
@Suite struct BoardConfigTests {
    /// A `vi` reader's config of `sinks`, with the secrets `TG_TOKEN` and `DC_HOOK` set (as `TrendConfigTests` writes them).
    func parse(_ sinks: String) throws(FileError) -> BotConfig {
        try TrendConfigTests().parse(sinks)
    }

    @Test func boardOnTelegramIsAMappingWithPinAndOnDiscordAYesOrNo() throws {
        let config = try parse(
            """
              - type: telegram
                token_env: TG_TOKEN
                chat_id: "@channel"
                board: {pin: true}
              - type: telegram
                token_env: TG_TOKEN
                chat_id: "@other"
                board: {pin: false}
              - type: discord
                webhook_url_env: DC_HOOK
                board: true
              - type: discord
                webhook_url_env: DC_HOOK
                board: false
              - type: console

            """)
        #expect(config.sinks.map(\.board) == [BoardSettings(pin: true), BoardSettings(pin: false), BoardSettings(), nil, nil])
    }

    @Test(arguments: [
        ("  - type: telegram\n    token_env: TG_TOKEN\n    chat_id: \"@c\"\n    board: true\n", "sinks[0].board"),
        ("  - type: telegram\n    token_env: TG_TOKEN\n    chat_id: \"@c\"\n    board: {pin: maybe}\n", "sinks[0].board.pin"),
        ("  - type: telegram\n    token_env: TG_TOKEN\n    chat_id: \"@c\"\n    board: {pinned: true}\n", "sinks[0].board.pinned"),
        ("  - type: discord\n    webhook_url_env: DC_HOOK\n    board: {pin: true}\n", "sinks[0].board"),
        ("  - type: webhook\n    url: http://127.0.0.1:9/hook\n    board: true\n", "sinks[0].board"),
    ])
    func badBoardSettingsNameTheKey(yaml: String, key: String) {
        #expect {
            try parse(yaml)
        } throws: { error in
            (error as? FileError)?.key == key
        }
    }

    @Test func aBoardOnALocaleWithoutMessagesBoardIsAConfigErrorNamingTheSinkAndTheKey() throws {
        let dir = try LocaleFiles.directory(["en.yaml": LocaleFiles.full()])
        var config = try parse(
            "  - type: console\n  - type: telegram\n    name: results\n    token_env: TG_TOKEN\n    chat_id: \"@c\"\n    board: {pin: true}\n")
        config.locale = "en"
        config.localesDirectory = dir
        let bot = TestBot(config: config).with { $0.parts.store = InMemorySnapshotStore() }
        let error = try #require(throws: FileError.self) { try bot.bot() }
        #expect(error.file == "Config/t.yaml" && error.key == "sinks[1].board", "\(error)")
        #expect(error.message.contains("'results'") && error.message.contains("messages.board"), "\(error.file) \(error.key) \(error.message)")
    }

    @Test func configCheckReportsABoardItsLocaleCannotFill() throws {
        let dir = try LocaleFiles.directory(["en.yaml": LocaleFiles.full()])
        let yaml =
            TrendConfigTests.base.replacingOccurrences(of: "locale: vi", with: "locale: en\nlocales_dir: \(dir)")
            + "  - type: discord\n    webhook_url_env: DC_HOOK\n    board: true\n"
        try yaml.write(toFile: "\(dir)/bot.yaml", atomically: true, encoding: .utf8)
        let check = ConfigCheck(path: "\(dir)/bot.yaml", environment: ["DC_HOOK": "https://discord.example/api/webhooks/1/x"])
        #expect(check.problems.map(\.key) == ["sinks[0].board"], "\(check.problems)")
    }

    @Test func everyShippedLocaleHasABoard() throws {
        let codes = try FileManager.default.contentsOfDirectory(atPath: RepoPaths.locales).filter { $0.hasSuffix(".yaml") }.map {
            String($0.dropLast(5))
        }
        #expect(codes.sorted() == LocaleTests.shipped.sorted())
        for code in codes {
            let bundle = try LocaleBundle.load(code: code, directory: RepoPaths.locales)
            let board = try #require(bundle.boardTemplate, "\(code) has no messages.board")
            #expect(board.names.isSuperset(of: ["issue", "history", "counts", "current_count"]), "\(code): \(board.names.sorted())")
        }
    }

    @Test func theBoardShowsTheRecentResultsTheCountsAndTheRunInTheLocale() throws {
        let bundle = try LocaleBundle.load(code: "en", directory: RepoPaths.locales)
        let renderer = MessageRenderer(bundle: bundle, gameType: "RG5M", logger: .init(label: "t"))
        let window = (1...12).map { Draw(issue: Int64($0), value: "\($0)", colors: [$0 > 9 ? "Green" : "Red"]) }
        let text = try #require(renderer.renderBoard(window.last!, history: window, format: .html))
        #expect(text.contains("Latest: period 12 · 12 · GREEN 🟢"), "\(text)")
        #expect(text.contains("📈 Last 12 results: RED 🔴 9 and GREEN 🟢 3"), "en_GB joins two with and: \(text)")
        #expect(text.contains("🔥 Now GREEN 🟢 ×3 · longest run RED 🔴 ×9"), "\(text)")
    }
}

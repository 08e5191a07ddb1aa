// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotLocalization
import BotStore
import BotSupport
import Foundation
import Logging
import Synchronization
import Testing

/// `fallback:`: a missing key takes the fallback's text, with a notice at load time only.
@Suite struct LocaleFallbackTests {
    /// `en` complete; `th` with only its identity, a colour and its own template.
    func directory(thExtra: String = "") throws -> String {
        try LocaleFiles.directory([
            "en.yaml": LocaleFiles.full(name: "English", prefix: "[EN]"),
            "th.yaml": """
            name: ไทย
            log_prefix: "[TH]"
            fallback: en
            \(thExtra)
            colors:
              red: "แดง"
            messages:
              result: "{{issue}} {{colors}} {{streak}}"

            """,
        ])
    }

    @Test func missingKeysTakeTheFallbacksTextAndAreListedOnceEach() throws {
        let dir = try directory()
        let bundle = try LocaleBundle.load(code: "th", directory: dir)
        #expect(bundle.fallback == "en")
        #expect(bundle.label(forColor: "red") == "แดง")
        #expect(bundle.label(forColor: "green") == "GREEN")
        let keys = bundle.fallbackNotices.map(\.key)
        #expect(
            keys == [
                "color_separator", "color_symbols.green", "color_symbols.red", "color_symbols.violet", "colors.green", "colors.violet",
                "plurals.streak",
            ])
        #expect(bundle.fallbackNotices.allSatisfy { $0.file == "\(dir)/th.yaml" && $0.description.contains("\(dir)/en.yaml") })
        // The bot logs them as one line naming the file that lent them, not a line per key.
        #expect(
            bundle.fallbackSummary == [
                "\(dir)/th.yaml: 7 keys missing; using the text of \(dir)/en.yaml: color_separator, color_symbols.green, color_symbols.red, "
                    + "color_symbols.violet, colors.green, colors.violet, plurals.streak"
            ])
        let renderer = MessageRenderer(bundle: bundle, gameType: "G", logger: .init(label: "test"))
        #expect(
            renderer.render(Draw(issue: 9, value: "1", colors: ["Red", "Violet"]), seenAt: Date()) == "9 แดง + VIOLET 1 draw",
            "the fallback's phrase keeps English plurals")
    }

    @Test func identityIsNeverTakenFromTheFallback() throws {
        let dir = try LocaleFiles.directory(["en.yaml": LocaleFiles.full(), "xx.yaml": "fallback: en\n"])
        let error = #expect(throws: FileError.self) { try LocaleBundle.load(code: "xx", directory: dir) }
        #expect(error?.key == "name")
    }

    @Test func fallbacksChain() throws {
        let dir = try directory()
        try "name: Lao\nlog_prefix: \"[LO]\"\nfallback: th\n".write(toFile: "\(dir)/lo.yaml", atomically: true, encoding: .utf8)
        let bundle = try LocaleBundle.load(code: "lo", directory: dir)
        #expect(bundle.label(forColor: "red") == "แดง")
        #expect(bundle.label(forColor: "violet") == "VIOLET")
        #expect(bundle.resultTemplate.source == "{{issue}} {{colors}} {{streak}}")
    }

    @Test func aCycleIsAnErrorNamingTheFiles() throws {
        let dir = try LocaleFiles.directory([
            "aa.yaml": LocaleFiles.full(extra: "fallback: bb"),
            "bb.yaml": LocaleFiles.full(extra: "fallback: aa"),
        ])
        let error = #expect(throws: FileError.self) { try LocaleBundle.load(code: "aa", directory: dir) }
        #expect(error?.key == "fallback")
        #expect(error?.description.contains("cycle: \(dir)/aa.yaml → \(dir)/bb.yaml → \(dir)/aa.yaml") == true)
    }

    @Test func aMissingFallbackFileIsAnErrorOnItsLine() throws {
        let dir = try LocaleFiles.directory(["th.yaml": LocaleFiles.full(extra: "fallback: en")])
        let error = #expect(throws: FileError.self) { try LocaleBundle.load(code: "th", directory: dir) }
        #expect(error?.key == "fallback")
        #expect(error?.line == 3)
    }

    @Test func aLocaleCannotFallBackToItself() throws {
        let dir = try LocaleFiles.directory(["th.yaml": LocaleFiles.full(extra: "fallback: th")])
        #expect(throws: FileError.self) { try LocaleBundle.load(code: "th", directory: dir) }
    }

    /// Logged once, in one line naming the file, the file that lent the texts and the keys, when
    /// the bot is built; posting logs nothing more.
    @Test func theBotLogsTheNoticesInOneLineAtStartAndNeverWhenPosting() async throws {
        let dir = try directory()
        let logs = LogRecorder()
        let bot = try TestBot(.reader, locale: "th").with {
            $0.config.localesDirectory = dir
            $0.parts.makeLogger = { logs.logger(label: $0) }
        }.bot()
        let atStart = logs.entries(atLeast: .trace, containing: "missing; using the text of")
        #expect(atStart.count == 1)
        #expect(atStart.first?.message.contains("\(dir)/th.yaml: 7 keys missing; using the text of \(dir)/en.yaml: color_separator, ") == true)
        #expect(atStart.first?.message.hasSuffix(", plurals.streak") == true)

        let renderer = MessageRenderer(bundle: bot.bundle, gameType: "G", logger: bot.logger)
        _ = renderer.render(Draw(issue: 1, value: "1", colors: ["Green"]), seenAt: Date())
        #expect(logs.entries(atLeast: .trace, containing: "missing; using the text of").count == 1)
    }
}

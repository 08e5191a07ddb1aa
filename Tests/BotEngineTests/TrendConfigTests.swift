// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotLocalization
import BotSupport
import CairoCanvas
import Foundation
import Testing

/// A sink's `trend:` settings, and the locale's optional `messages.trend` caption.
@Suite struct TrendConfigTests {
    static let base = "locale: vi\nrole: reader\nupstream:\n  url: http://127.0.0.1:8080/api/draws\nsinks:\n"
    let env = ["TG_TOKEN": "1:abc", "DC_HOOK": "https://discord.example/api/webhooks/1/x"]

    func parse(_ sinks: String) throws(FileError) -> BotConfig {
        try BotConfig.parse(yaml: Self.base + sinks, file: "Config/t.yaml", environment: env)
    }

    @Test func trendOnAChatSinkSetsWhenAndHowThePictureIsPosted() throws {
        let config = try parse(
            """
              - type: telegram
                token_env: TG_TOKEN
                chat_id: "@channel"
                trend: {every: 10, draws: 60, layout: grid, rows: 5, bead_size: 32, background: "#101418", colors: {Red: "#ff0000"}}
              - type: discord
                webhook_url_env: DC_HOOK
              - type: webhook
                url: http://127.0.0.1:9/hook
                trend: {}

            """)
        let trend = try #require(config.sinks[0].trend)
        #expect(trend.every == 10 && trend.draws == 60 && trend.layout == .grid && trend.rows == 5 && trend.beadSize == 32)
        #expect(trend.background == CanvasColor(hex: "#101418"))
        #expect(trend.color(named: "RED") == CanvasColor(red: 1, green: 0, blue: 0))
        #expect(trend.color(named: "green") == TrendSettings().color(named: "green"))
        #expect(config.sinks[1].trend == nil)
        #expect(config.sinks[2].trend == TrendSettings())
    }

    @Test(arguments: [
        ("  - type: webhook\n    url: http://127.0.0.1:9/hook\n    trend: {every: 0}\n", "sinks[0].trend.every"),
        ("  - type: webhook\n    url: http://127.0.0.1:9/hook\n    trend: {layout: spiral}\n", "sinks[0].trend.layout"),
        ("  - type: webhook\n    url: http://127.0.0.1:9/hook\n    trend: {colors: {red: crimson}}\n", "sinks[0].trend.colors.red"),
        ("  - type: webhook\n    url: http://127.0.0.1:9/hook\n    trend: {size: 3}\n", "sinks[0].trend.size"),
        ("  - type: console\n    trend: {every: 5}\n", "sinks[0].trend"),
        // A picture larger than can be drawn (11362×1207 pixels) is refused at load, not at every draw (issue 27).
        ("  - type: webhook\n    url: http://127.0.0.1:9/hook\n    trend: {draws: 500, bead_size: 120}\n", "sinks[0].trend.bead_size"),
        ("  - type: webhook\n    url: http://127.0.0.1:9/hook\n    trend: {draws: 500, rows: 1}\n", "sinks[0].trend.draws"),
    ])
    func badTrendSettingsNameTheKey(yaml: String, key: String) {
        #expect {
            try parse(yaml)
        } throws: { error in
            (error as? FileError)?.key == key
        }
    }

    @Test func thePictureSizeProblemNamesTheSizeAndTheLimit() throws {
        let error = #expect(throws: FileError.self) {
            try parse("  - type: webhook\n    url: http://127.0.0.1:9/hook\n    trend: {draws: 500, bead_size: 120}\n")
        }
        #expect(error?.description.contains("11362×1207 pixels") == true, "\(String(describing: error))")
        #expect(error?.description.contains("\(Canvas.maxSide)") == true)
        // The largest pictures the keys allow in 6 rows, and the defaults, are drawn.
        var big = TrendSettings()
        big.draws = 500
        big.beadSize = 70
        #expect(big.pictureSizeProblem == nil)
        #expect(try TrendPicture.png(of: [], settings: big).count > 0)
        #expect(TrendSettings().pictureSizeProblem == nil)
    }

    func bundle(_ messages: String) throws(FileError) -> LocaleBundle {
        try LocaleBundle.parse(
            yaml: "name: T\nlog_prefix: \"[T]\"\ncolors: {red: RED, green: GREEN, violet: VIOLET}\nmessages:\n  result: \"{{issue}}\"\n\(messages)",
            file: "t.yaml", code: "t")
    }

    @Test func theCaptionIsTheLocalesAndOptional() throws {
        #expect(try bundle("").trendTemplate == nil)
        let draws = [Draw(issue: 7, value: "1", colors: ["Red"]), Draw(issue: 8, value: "2", colors: ["Green", "Violet"])]
        let stats = TrendStats(draws, limit: 100)
        #expect(TrendCaption.render(stats, bundle: try bundle(""), format: .html, gameType: "RG5M").isEmpty)
        let with = try bundle("  trend: \"{{draws}} · {{first_issue}}-{{last_issue}} · {{counts}} · {{current_color}} {{current_count}}\"\n")
        #expect(TrendCaption.render(stats, bundle: with, format: .plain, gameType: "RG5M") == "2 · 7-8 · RED 1, GREEN 1, VIOLET 1 · GREEN 1")
    }

    @Test func aLocaleWithoutACaptionPostsNoneRatherThanTheReferencesLanguage() throws {
        // vi and pt fall back to en for what they lack, but not for the caption; pt-BR takes pt's
        // (the same language) when it has none of its own.
        func withCaption(_ text: String) -> String { "{{issue}}\"\n  trend: \"\(text)" }
        let dir = try LocaleFiles.directory([
            "en.yaml": "code: en\n" + LocaleFiles.full(result: withCaption("{{draws}} results")),
            "vi.yaml": "code: vi\nfallback: en\n" + LocaleFiles.full(streak: "{{count}}", result: "{{issue}}"),
            "pt.yaml": "code: pt\nfallback: en\n" + LocaleFiles.full(result: withCaption("{{draws}} resultados")),
            "pt-BR.yaml": "code: pt-BR\nname: BR\nlog_prefix: \"[BR]\"\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try LocaleBundle.load(code: "en", directory: dir).trendTemplate?.source == "{{draws}} results")
        let vi = try LocaleBundle.load(code: "vi", directory: dir)
        #expect(vi.trendTemplate == nil, "vi took another language's caption")
        #expect(!vi.fallbackNotices.contains { $0.key == "messages.trend" })
        #expect(try LocaleBundle.load(code: "pt-BR", directory: dir).trendTemplate?.source == "{{draws}} resultados")
    }

    @Test func everyShippedLocaleCaptionsInItsOwnWords() throws {
        let english = try #require(try LocaleBundle.load(code: "en", directory: RepoPaths.locales).trendTemplate)
        let stats = TrendStats([Draw(issue: 7, value: "1", colors: ["Red"]), Draw(issue: 8, value: "2", colors: ["Red", "Violet"])], limit: 100)
        let codes = try FileManager.default.contentsOfDirectory(atPath: RepoPaths.locales).filter { $0.hasSuffix(".yaml") }.map {
            String($0.dropLast(5))
        }
        #expect(codes.count > 1)
        for code in codes where code != "en" {
            let bundle = try LocaleBundle.load(code: code, directory: RepoPaths.locales)
            let template = try #require(bundle.trendTemplate, "\(code) has no caption")
            #expect(template.source != english.source, "\(code) captions in English")
            #expect(template.names == english.names, "\(code) shows other values than en")
            #expect(!bundle.fallbackNotices.contains { $0.key == "messages.trend" }, "\(code)")
            #expect(TrendCaption.render(stats, bundle: bundle, format: .html, gameType: "RG5M").contains("8"), "\(code)")
        }
        // Right to left: the line starts with a mark, each value is isolated (U+2068 … U+2069).
        let he = try LocaleBundle.load(code: "he", directory: RepoPaths.locales)
        let hebrew = TrendCaption.render(stats, bundle: he, format: .plain, gameType: "RG5M")
        #expect(hebrew.hasPrefix("\u{200F}") && hebrew.contains("\u{2068}8\u{2069}"), "\(hebrew)")
    }

    @Test func aCaptionWithAPlaceholderOfTheResultMessageIsRefused() {
        #expect {
            try bundle("  trend: \"{{issue}}\"\n")
        } throws: { error in
            (error as? FileError)?.key == "messages.trend" && "\(error)".contains("unknown placeholder 'issue'")
        }
    }

    @Test func localesCheckDoesNotAskForTheOptionalCaption() throws {
        let dir = NSTemporaryDirectory() + "trend-locales-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let common = "log_prefix: \"[X]\"\ncolors: {red: R, green: G, violet: V}\nmessages:\n  result: \"{{issue}}\"\n"
        try ("code: en\nname: E\n" + common + "  trend: \"{{draws}}\"\n").write(toFile: dir + "/en.yaml", atomically: true, encoding: .utf8)
        try ("code: vi\nname: V\n" + common).write(toFile: dir + "/vi.yaml", atomically: true, encoding: .utf8)
        let problems = try LocaleCheck.run(directory: dir, reference: "en")
        #expect(!problems.contains { $0.problem.key.hasPrefix("messages") }, "\(problems)")
    }
}

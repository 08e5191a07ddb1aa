// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotLocalization
import BotStore
import BotSupport
import Foundation
import Logging
import Testing

/// Replacing a running bot's locale: validated first, swapped as a whole, never torn.
@Suite struct LocaleReloadTests {
    let draw = Draw(issue: 7, value: "207", colors: ["Green"])

    @Test func aReloadedFileIsUsedFromTheNextMessage() throws {
        let dir = try LocaleFiles.directory(["en.yaml": LocaleFiles.full(result: "old {{issue}} {{colors}}")])
        let bundle = try LocaleBundle.load(code: "en", directory: dir)
        let renderer = MessageRenderer(bundle: bundle, gameType: "G", logger: Logger(label: "t"))
        #expect(renderer.render(draw, seenAt: Date()) == "old 7 GREEN")

        try LocaleFiles.full(result: "new {{issue}} {{colors}}").replacingOccurrences(of: "\"GREEN\"", with: "\"VERT\"")
            .write(toFile: "\(dir)/en.yaml", atomically: true, encoding: .utf8)
        let reloaded = try LocaleReloader(renderer: renderer, directory: dir).reload()
        #expect(reloaded.label(forColor: "green") == "VERT")
        #expect(renderer.render(draw, seenAt: Date()) == "new 7 VERT")
        #expect(renderer.colorLabels(of: draw) == ["VERT"])
        #expect(renderer.bundle.label(forColor: "green") == "VERT")
    }

    @Test(arguments: [
        (LocaleFiles.full(result: "{{valeu}}"), "messages.result"),
        ("name: [unclosed", ""),
    ])
    func aBrokenFileKeepsTheOldTextsAndSaysWhatIsWrong(broken: String, key: String) throws {
        let dir = try LocaleFiles.directory(["en.yaml": LocaleFiles.full(result: "old {{issue}}")])
        let renderer = MessageRenderer(bundle: try LocaleBundle.load(code: "en", directory: dir), gameType: "G", logger: Logger(label: "t"))
        try broken.write(toFile: "\(dir)/en.yaml", atomically: true, encoding: .utf8)
        let error = #expect(throws: FileError.self) { try LocaleReloader(renderer: renderer, directory: dir).reload() }
        #expect(error?.file == "\(dir)/en.yaml")
        #expect(error?.key == key)
        #expect(renderer.render(draw, seenAt: Date()) == "old 7")
    }

    /// Issue 24: one carrier of the locale code. A reload that brings another locale is refused and
    /// the bot keeps its texts.
    @Test func aReloadOfAnotherLocaleIsRefused() throws {
        let en = try LocaleBundle.load(code: "en", directory: RepoPaths.locales)
        let renderer = MessageRenderer(bundle: en, gameType: "G", logger: Logger(label: "t"))
        let reloader = LocaleReloader(renderer: renderer, directory: RepoPaths.locales) { () throws(FileError) in
            try LocaleBundle.load(code: "vi", directory: RepoPaths.locales)
        }
        let error = #expect(throws: FileError.self) { try reloader.reload() }
        #expect(error?.file == "\(RepoPaths.locales)/vi.yaml")
        #expect(error?.message.contains("is the locale 'vi', not the bot's 'en'") == true, "\(String(describing: error))")
        #expect(renderer.bundle.code == "en")
    }

    /// The code the posts and the ledger carry is the bot's, taken once: a renderer given another
    /// locale's texts does not move them to another code.
    @Test func thePostsAndTheLedgerKeepTheBotsLocaleCode() async throws {
        let sink = RecordingSink()
        let ledger = InMemoryDeliveryLedger()
        let bot = try TestBot(.reader, locale: "en").with {
            $0.parts.sinks = [sink]
            $0.parts.ledger = ledger
            $0.parts.wallClock = ManualWallClock()
        }.bot()
        bot.renderer.replace(try LocaleBundle.load(code: "vi", directory: RepoPaths.locales))
        try await withRunningPosters([bot.poster]) {
            await bot.poster.offer([draw])
            await bot.poster.idle()
        }
        #expect(sink.posts.map(\.locale) == ["en"])
        #expect(try await ledger.resumePoint(locale: "en", sinks: [sink.name]) == 7)
        #expect(try await ledger.resumePoint(locale: "vi", sinks: [sink.name]) == nil)
    }

    /// The locale given to the assembly must be the config's, or the config's `locale` is at fault.
    @Test func aBotGivenAnotherLocaleThanItsConfigsIsAnErrorNamingLocale() throws {
        let vi = try LocaleBundle.load(code: "vi", directory: RepoPaths.locales)
        let builder = TestBot(.reader, locale: "en").with { $0.parts.bundle = vi }
        for build in [{ _ = try builder.bot() }, { _ = try builder.poster() }] as [() throws -> Void] {
            let error = #expect(throws: FileError.self) { try build() }
            #expect(error?.file == "<built-in>" && error?.key == "locale", "\(String(describing: error))")
            #expect(error?.message.contains("is 'en', but the locale given to the bot is 'vi'") == true, "\(String(describing: error))")
        }
        #expect(try TestBot(.reader, locale: "en").with { $0.bundle = vi }.bot().poster.locale == "vi")
    }

    @Test func aMessageIsNeverHalfOldAndHalfNew() async throws {
        let old = try LocaleBundle.parse(yaml: LocaleFiles.full(result: "A {{issue}} {{colors}} {{streak}}"), file: "en.yaml", code: "en")
        let yaml = LocaleFiles.full(streak: "{{count}} B-draws", result: "B {{issue}} {{colors}} {{streak}}")
        let new = try LocaleBundle.parse(yaml: yaml.replacingOccurrences(of: "\"GREEN\"", with: "\"B-GREEN\""), file: "en.yaml", code: "en")
        let renderer = MessageRenderer(bundle: old, gameType: "G", logger: Logger(label: "t"))
        let expected: Set = ["A 7 GREEN 1 draw", "B 7 B-GREEN 1 B-draws"]
        let draw = self.draw
        let texts = await withTaskGroup(of: [String].self) { group in
            group.addTask {
                for index in 0..<2000 { renderer.replace(index % 2 == 0 ? new : old) }
                return []
            }
            for _ in 0..<2 {
                group.addTask { (0..<2000).map { _ in renderer.render(draw, seenAt: Date()) } }
            }
            var all: [String] = []
            for await part in group { all += part }
            return all
        }
        #expect(texts.count == 4000)
        #expect(Set(texts).isSubset(of: expected), "\(Set(texts).subtracting(expected))")
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotLocalization
import BotSupport
import Foundation
import Testing

/// What `locales check` grew: markup a sink would misread, plural sections and variants against
/// CLDR, stale translations, and errors told apart from warnings.
@Suite struct LocaleCheckFeatureTests {
    func problems(_ files: [String: String]) throws -> (dir: String, found: [LocaleProblem]) {
        let dir = try LocaleFiles.directory(files)
        return (dir, try LocaleCheck.run(directory: dir, reference: "en").filter { $0.problem.key != "translated_from" })
    }

    @Test func markupThatBreaksASinkIsAnErrorNamingFileLineAndKey() throws {
        let result = "|-\n    Period {{issue}}\n    R&D <3 {{colors}}\n    *bold* and _one"
        let yaml = LocaleFiles.full(result: "x").replacingOccurrences(of: "  result: \"x\"", with: "  result: \(result)")
        let (dir, found) = try problems(["en.yaml": yaml])
        #expect(
            found.map(\.description) == [
                "\(dir)/en.yaml:18: error: messages.result: a raw '&' breaks Telegram's HTML: write &amp;, or reword",
                "\(dir)/en.yaml:18: error: messages.result: a raw '<' breaks Telegram's HTML: write &lt;, or reword",
                "\(dir)/en.yaml:19: error: messages.result: an unbalanced '_' reformats a Discord post (Markdown pairs it with the next one): use it in pairs, or reword",
            ])
    }

    @Test func telegramTagsEntitiesAndPairedMarksPass() throws {
        let (_, found) = try problems([
            "en.yaml": LocaleFiles.full(result: "<b>{{issue}}</b> &amp; **{{colors}}** `x` <a href=\\\"https://x.y/a_b\\\">l</a>")
        ])
        #expect(found.map(\.description) == [])
    }

    @Test func aPlaceholderLeftOutIsAWarningAndOnlyErrorsCount() throws {
        let (dir, found) = try problems([
            "en.yaml": LocaleFiles.full(),
            "vi.yaml": LocaleFiles.full(extra: "formatting_locale: vi_VN", streak: "{{count}} kỳ", result: "{{issue}} {{utc_offset}}"),
        ])
        #expect(
            found.map(\.description) == [
                "\(dir)/vi.yaml:16: warning: messages.result: leaves out {{colors}}, {{history}}, {{streak}}, {{streak_color}}, which the reference \(dir)/en.yaml shows"
            ])
        #expect(found.allSatisfy { $0.severity == .warning })
    }

    @Test func aPhraseLeavingOutACategoryWholeNumbersReachIsWarnedAbout() throws {
        let ru = LocaleFiles.full(
            extra: "formatting_locale: ru_RU", streak: "{{count}} {{#one}}раз{{/one}}{{#many}}раз{{/many}}", result: "{{streak}}")
        let (dir, found) = try problems(["en.yaml": LocaleFiles.full(result: "{{streak}}"), "ru.yaml": ru])
        #expect(
            found.map(\.description) == [
                "\(dir)/ru.yaml:14: warning: plurals.streak: has no {{#few}} section: counts such as 2, 3, 4, 22 show none of the plural sections"
            ])
        // A category reached only by counts the phrase words exactly is covered.
        let en = LocaleFiles.full(streak: "{{#=1}}once{{/=1}}{{#other}}{{count}} times{{/other}}", result: "{{streak}}")
        #expect(try problems(["en.yaml": en]).found.isEmpty)
    }

    @Test func aTranslationOfAnOlderReferenceTextIsStaleUntilMarkedCurrent() throws {
        let dir = try LocaleFiles.directory(["en.yaml": LocaleFiles.full(), "de.yaml": LocaleFiles.full(name: "Deutsch", prefix: "[DE]")])
        func stale() throws -> [String] {
            try LocaleCheck.run(directory: dir, reference: "en").filter { $0.problem.file.hasSuffix("de.yaml") }.map {
                "\($0.severity) \($0.problem.key)"
            }
        }
        #expect(try stale() == ["warning translated_from"])
        #expect(try TranslationRecord.markCurrent(code: "de", reference: "en", directory: dir).count == 6)
        #expect(try stale() == [])
        let text = try String(contentsOfFile: "\(dir)/de.yaml", encoding: .utf8)
        #expect(text.hasPrefix("name: Deutsch\n"), "the rest of the file is kept")

        // The reference changes: the key is stale, and marking it current again clears it.
        let changed = LocaleFiles.full(result: "{{issue}} {{colors}} {{history}} {{streak_color}} {{streak}}!")
        try changed.write(toFile: "\(dir)/en.yaml", atomically: true, encoding: .utf8)
        #expect(try stale() == ["warning messages.result"])
        #expect(try TranslationRecord.markCurrent(code: "de", reference: "en", directory: dir, keys: ["messages.result"]) == ["messages.result"])
        #expect(try stale() == [])
        let again = try String(contentsOfFile: "\(dir)/de.yaml", encoding: .utf8)
        #expect(again.components(separatedBy: "translated_from:").count == 2, "one section, rewritten: \(again)")
        #expect(throws: FileError.self) { try TranslationRecord.markCurrent(code: "de", reference: "en", directory: dir, keys: ["nope"]) }
    }

    @Test func aRegionalLocaleFallsBackToItsCLDRParentThenThatsFallback() throws {
        let pt = LocaleFiles.full(name: "Português", prefix: "[PT]", extra: "fallback: en\nformatting_locale: pt_PT")
            .replacingOccurrences(of: "\"RED\"", with: "\"VERMELHO\"")
        let ptBR =
            "name: Português (Brasil)\nlog_prefix: \"[BR]\"\nformatting_locale: pt_BR\nmessages:\n  result: \"Concurso {{issue}} {{colors}} {{history}} {{streak_color}} {{streak}}\"\n"
        let dir = try LocaleFiles.directory(["en.yaml": LocaleFiles.full(), "pt.yaml": pt, "pt-BR.yaml": ptBR])
        let bundle = try LocaleBundle.load(code: "pt-BR", directory: dir)
        #expect(bundle.fallback == "pt")
        #expect(bundle.label(forColor: "red") == "VERMELHO")
        let renderer = MessageRenderer(bundle: bundle, gameType: "G", logger: .init(label: "test"))
        #expect(renderer.render(Draw(issue: 5, value: "1", colors: ["Red"]), seenAt: Date()) == "Concurso 5 VERMELHO r VERMELHO 1 draw")
        // Texts inherited from pt are no problem; only the reference's own texts would be.
        let found = try LocaleCheck.run(directory: dir, reference: "en").filter {
            $0.problem.file.hasSuffix("pt-BR.yaml") && $0.problem.key != "translated_from"
        }
        #expect(found.map(\.description) == [])
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotLocalization
import BotSupport
import Foundation
import Logging
import Testing

/// What a hostile or mangled locale file can do (issue 27, finding 5): sections nested without end,
/// a file as large as may be read, a date pattern of thousands of letters. Each gets an error naming
/// the file, the key and the line, in time linear in the file's size; a bot that reloads such a file
/// keeps its texts.
@Suite struct LocaleFileBoundsTests {
    /// A result message of `depth` nested `{{#streak}}` sections, on one line (24 KB at 1000).
    static func nested(_ depth: Int) -> String {
        String(repeating: "{{#streak}}", count: depth) + "{{issue}}" + String(repeating: "{{/streak}}", count: depth)
    }

    @Test func sectionsNestedAThousandDeepAreRefusedWithTheirLine() throws {
        let yaml = LocaleFiles.full(result: Self.nested(1000))
        #expect(yaml.utf8.count > 20_000)
        let error = #expect(throws: FileError.self) { try LocaleBundle.parse(yaml: yaml, file: "deep.yaml", code: "en") }
        #expect(error?.key == "messages.result")
        #expect(error?.line == 16, "the result's line: \(String(describing: error))")
        #expect(error?.message.contains("nest more than \(MessageTemplate.maxNesting) deep") == true, "\(String(describing: error))")
    }

    @Test func theLineNamedIsThatOfTheFirstSectionTooDeep() throws {
        let lines = (0..<40).map { "    {{#streak}} level \($0)" }.joined(separator: "\n")
        let yaml = LocaleFiles.full(result: "{{issue}}").replacingOccurrences(of: "  result: \"{{issue}}\"", with: "  result: |-\n\(lines)")
        let error = #expect(throws: FileError.self) { try LocaleBundle.parse(yaml: yaml, file: "deep.yaml", code: "en") }
        #expect(error?.key == "messages.result")
        // The block's text starts on line 17; its 17th section (level 16) is the first too deep.
        #expect(error?.line == 17 + MessageTemplate.maxNesting, "\(String(describing: error))")
    }

    @Test func nestingUpToTheLimitStillRenders() throws {
        let bundle = try LocaleBundle.parse(yaml: LocaleFiles.full(result: Self.nested(MessageTemplate.maxNesting)), file: "ok.yaml", code: "en")
        let renderer = MessageRenderer(bundle: bundle, gameType: "G", logger: Logger(label: "t"))
        #expect(renderer.render(Draw(issue: 42, value: "1", colors: ["Green"]), seenAt: Date()) == "42")
    }

    @Test func aBotReloadingADeeplyNestedFileKeepsItsTexts() throws {
        let dir = try LocaleFiles.directory(["en.yaml": LocaleFiles.full(result: "old {{issue}}")])
        let renderer = MessageRenderer(bundle: try LocaleBundle.load(code: "en", directory: dir), gameType: "G", logger: Logger(label: "t"))
        try LocaleFiles.full(result: Self.nested(1000)).write(toFile: "\(dir)/en.yaml", atomically: true, encoding: .utf8)
        let error = #expect(throws: FileError.self) { try LocaleReloader(renderer: renderer, directory: dir).reload() }
        #expect(error?.file == "\(dir)/en.yaml")
        #expect(error?.key == "messages.result")
        #expect(renderer.render(Draw(issue: 7, value: "1", colors: ["Green"]), seenAt: Date()) == "old 7")
    }

    /// A locale of about `bytes` bytes whose result message is long: lines with placeholders, a
    /// section, a variant and markup, the text every check of the load goes over.
    static func large(bytes: Int) -> String {
        let line = "<b>Period</b> {{issue}} &amp; {{colors}} {{#streak}}({{streak}}){{/streak}}"
            + "{{^streak_color=red}} at {{value}}{{/streak_color=red}}\\n"
        return LocaleFiles.full(result: String(repeating: line, count: bytes / line.utf8.count))
    }

    /// Loading a file near the 1 MiB limit takes time linear in its size: it loads well within the
    /// minute (before, 306 KB took 21 s and 820 KB over a minute in a release build).
    @Test(.timeLimit(.minutes(1))) func aLocaleNearTheSizeLimitLoads() throws {
        let yaml = Self.large(bytes: 1_000_000)
        #expect(yaml.utf8.count > 900_000 && yaml.utf8.count < 1 << 20)
        let dir = try LocaleFiles.directory(["en.yaml": yaml])
        let bundle = try LocaleBundle.load(code: "en", directory: dir)
        let renderer = MessageRenderer(bundle: bundle, gameType: "G", logger: Logger(label: "t"))
        let text = renderer.render(Draw(issue: 7, value: "1", colors: ["Green"]), seenAt: Date(timeIntervalSince1970: 0), format: .html)
        #expect(text.hasPrefix("<b>Period</b> 7 &amp; GREEN (1 draw) at 1\n<b>Period</b> 7"), "\(text.prefix(80))")
    }

    @Test(arguments: ["date_pattern", "time_pattern", "date_skeleton", "time_skeleton"])
    func aFormatOfThousandsOfLettersIsRefusedNotReplaced(key: String) throws {
        let long = String(repeating: key.hasSuffix("skeleton") ? "y" : "d", count: 4000)
        let yaml = LocaleFiles.full(extra: "\(key): \"\(long)\"")
        let error = #expect(throws: FileError.self) { try LocaleBundle.parse(yaml: yaml, file: "long.yaml", code: "en") }
        #expect(error?.key == key)
        #expect(error?.line == 3)
        #expect(error?.message.contains("4000 characters long") == true, "\(String(describing: error))")
    }

    /// A pattern as long as allowed is used as written, not replaced by the default.
    @Test func aPatternAtTheLengthLimitIsUsed() throws {
        let unit = "d.M.y "
        let pattern = String(String(repeating: unit, count: 100 / unit.count + 1).prefix(100))
        let bundle = try LocaleBundle.parse(
            yaml: LocaleFiles.full(extra: "date_pattern: \"\(pattern)\"", result: "{{date}}"), file: "ok.yaml", code: "en")
        let renderer = MessageRenderer(bundle: bundle, gameType: "G", logger: Logger(label: "t"))
        let text = renderer.render(Draw(issue: 7, value: "1", colors: ["Green"]), seenAt: Date(timeIntervalSince1970: 86_400 * 40))
        #expect(text == String(repeating: "10.2.1970 ", count: 100 / unit.count) + "10.2.", "\(text)")
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotEngineTesting
import Foundation
import TestHarness
import Testing

/// The worked examples of docs/locales.md (Arabic, Korean, Russian) are the files of
/// Tests/Fixtures/locale-examples: the page shows each file as it is, `locales check` finds no
/// error in it, and each `locales preview` command the page shows prints what the page says.
@Suite struct DocsLocaleExampleTests {
    static let examples = "Tests/Fixtures/locale-examples"
    /// The example sections of the page, by the locale they show.
    static let sections = ["ar": "### Arabic", "ko": "### Korean", "ru": "### Russian"]
    /// How the page shows the invisible characters a right-to-left locale gets.
    static let invisible = ["⟨RLM⟩": "\u{200F}", "⟨FSI⟩": "\u{2068}", "⟨LRI⟩": "\u{2066}", "⟨PDI⟩": "\u{2069}"]

    /// The text of the section `title` of docs/locales.md, up to the next heading of its level.
    static func section(_ title: String) throws -> String {
        let page = try String(contentsOfFile: RepoPaths.root + "/docs/locales.md", encoding: .utf8)
        let start = try #require(page.range(of: "\n\(title)"), "docs/locales.md has no section '\(title)'")
        let rest = page[start.upperBound...]
        return String(rest.range(of: "\n### ").map { rest[..<$0.lowerBound] } ?? rest)
    }

    /// The fenced blocks of `section` that open with "```" plus `language`.
    static func blocks(_ language: String, in section: String) -> [String] {
        section.components(separatedBy: "```\(language)\n").dropFirst().map { String($0.components(separatedBy: "\n```").first!) }
    }

    @Test(arguments: ["ar", "ko", "ru"])
    func thePageShowsTheFileAsItIs(code: String) throws {
        let section = try Self.section(try #require(Self.sections[code]))
        let shown = try #require(Self.blocks("yaml", in: section).first)
        let file = try String(contentsOfFile: "\(RepoPaths.root)/\(Self.examples)/\(code).yaml", encoding: .utf8)
        #expect(shown + "\n" == file, "docs/locales.md's \(code) example differs from \(Self.examples)/\(code).yaml")
    }

    @Test func localesCheckFindsNoErrorInTheExamples() async throws {
        let dir = try BotBinary.temporaryDirectory()
        for name in ["ar", "ko", "ru"] {
            try FileManager.default.copyItem(atPath: "\(RepoPaths.root)/\(Self.examples)/\(name).yaml", toPath: "\(dir)/\(name).yaml")
        }
        try FileManager.default.copyItem(atPath: "\(RepoPaths.locales)/en.yaml", toPath: "\(dir)/en.yaml")
        let child = try ChildProcess(try BotBinary.require(), ["locales", "check", "--dir", dir])
        #expect(await child.waitForExit(timeout: .seconds(60)) == 0, "\(child.stdout)\(child.stderr)")
        #expect(!(child.stdout + child.stderr).contains("error:"), "\(child.stdout)\(child.stderr)")
    }

    @Test(arguments: ["ar", "ko", "ru"])
    func everyPreviewPrintsWhatThePageShows(code: String) async throws {
        let section = try Self.section(try #require(Self.sections[code]))
        var ran = 0
        for block in Self.blocks("", in: section) where block.hasPrefix("$ redgreen-bot locales preview") {
            for run in block.components(separatedBy: "$ redgreen-bot ").dropFirst() {
                var lines = run.components(separatedBy: "\n")
                var command = lines.removeFirst()
                let tail = command.hasSuffix(" | tail -1")
                if tail { command = String(command.dropLast(" | tail -1".count)) }
                var expected = lines.joined(separator: "\n").trimmingCharacters(in: .newlines)
                for (shown, character) in Self.invisible { expected = expected.replacingOccurrences(of: shown, with: character) }
                let child = try ChildProcess(try BotBinary.require(), command.split(separator: " ").map(String.init), directory: RepoPaths.root)
                #expect(await child.waitForExit(timeout: .seconds(60)) == 0, "\(command): \(child.stderr)")
                let printed = child.stdout.trimmingCharacters(in: .newlines)
                #expect((tail ? printed.components(separatedBy: "\n").last ?? "" : printed) == expected, "\(command)")
                ran += 1
            }
        }
        #expect(ran >= 3, "the \(code) section shows \(ran) previews")
    }
}

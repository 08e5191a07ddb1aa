// SPDX-License-Identifier: Apache-2.0
import BotLocalization
import Foundation
import TestHarness
import Testing

/// `locales check` and `messages.digest`: every locale must have it, it must count and list the
/// results, and the list must stand on lines of its own, outside markup, so a split digest's
/// parts are whole.
@Suite struct DigestLocaleCheckTests {
    static let good = "📋 {{count}} {{#match count plural}}{{one}}result{{*}}results{{/match}}, {{first_issue}}–{{last_issue}}:\\n{{results}}"

    /// The problems about `messages.digest` of an English reference with `en` and a Russian
    /// translation with `ru` (nil: without the key).
    func digestProblems(en: String?, ru: String?) throws -> [LocaleProblem] {
        func file(_ name: String, _ prefix: String, _ digest: String?) -> String {
            LocaleFiles.full(name: name, prefix: prefix) + (digest.map { "  digest: \"\($0)\"\n" } ?? "")
        }
        let dir = try LocaleFiles.directory(["en.yaml": file("English", "[EN]", en), "ru.yaml": file("Русский", "[RU]", ru)])
        return try LocaleCheck.run(directory: dir, reference: "en").filter { $0.problem.key == "messages.digest" }
    }

    @Test func aDigestThatCountsAndListsOnItsOwnLinesIsClean() throws {
        #expect(try digestProblems(en: Self.good, ru: Self.good).isEmpty)
    }

    @Test func aLocaleWithoutTheDigestIsAnError() throws {
        let problems = try digestProblems(en: Self.good, ru: nil)
        #expect(problems.count == 1 && problems.first?.severity == .error, "\(problems)")
        #expect(problems.first?.problem.file.hasSuffix("ru.yaml") == true)
    }

    @Test(arguments: [
        ("{{count}} missed", "must show {{results}}"),
        ("{{first_issue}}:\\n{{results}}", "must show {{count}}"),
        ("<b>{{count}}\\n{{results}}\\n</b>", "inside markup"),
        ("**{{count}}\\n{{results}}\\n**", "inside markup"),
        ("{{count}}: {{results}}", "on a line of its own"),
    ])
    func aDigestThatCannotSayOrSplitWellIsRefused(digest: String, expected: String) throws {
        let problems = try digestProblems(en: digest, ru: Self.good)
        #expect(problems.contains { $0.severity == .error && $0.problem.message.contains(expected) }, "\(problems)")
    }
}

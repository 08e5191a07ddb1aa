// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotLocalization
import BotSupport
import Foundation
import Logging
import Testing

/// `messages.digest` in the shipped locales: the count worded by the language's plural forms,
/// the issue range, and one line per missed draw (issue · value · colour labels).
@Suite struct DigestRenderingTests {
    static func renderer(_ code: String) throws -> MessageRenderer {
        MessageRenderer(bundle: try LocaleBundle.load(code: code, directory: RepoPaths.locales), gameType: "RG5M", logger: Logger(label: "t"))
    }

    /// `text` without the bidi isolates and marks a right-to-left locale adds.
    static func plain(_ text: String) -> String {
        String(text.filter { !["\u{2066}", "\u{2068}", "\u{2069}", "\u{200F}"].contains($0) })
    }

    static func digest(_ code: String, count: Int, format: MessageFormat = .plain) throws -> [String] {
        let draws = (1...count).map { Fixtures.draw(Int64(100 + $0)) }
        let text = try #require(try renderer(code).renderDigest(draws, format: format))
        return plain(text).split(separator: "\n").map(String.init)
    }

    @Test func theEnglishDigestNamesHowManyResultsTheRangeAndListsEachInOrder() throws {
        let lines = try Self.digest("en", count: 12)
        #expect(lines.first == "📋 Red-Green 5 min · 12 results while the bot was away, periods 101–112:")
        #expect(Array(lines.dropFirst()) == (101...112).map { "\($0) · \(Fixtures.draw(Int64($0)).value) · \(Self.labels($0))" })
    }

    static func labels(_ issue: Int) -> String {
        Fixtures.draw(Int64(issue)).colors.map { ["Red": "RED 🔴", "Green": "GREEN 🟢", "Violet": "VIOLET 🟣"][$0]! }.joined(separator: " + ")
    }

    @Test(arguments: [
        ("ar", 2, "نتيجتان أثناء غياب البوت"), ("ar", 3, "٣ نتائج أثناء"), ("ar", 11, "١١ نتيجة أثناء"), ("ar", 100, "١٠٠ نتيجة أثناء"),
        ("ru", 21, "21 результат, пока"), ("ru", 22, "22 результата, пока"), ("ru", 12, "12 результатов, пока"), ("ru", 25, "25 результатов, пока"),
        ("he", 2, "שתי תוצאות בזמן"), ("he", 12, "12 תוצאות בזמן"),
        ("en", 2, "2 results while"), ("en", 1, "1 result while"),
    ])
    func theCountIsWordedByTheLanguagesPluralForms(code: String, count: Int, expected: String) throws {
        let lines = try Self.digest(code, count: count)
        #expect(lines.first?.contains(expected) == true, "\(lines.first ?? "")")
        #expect(lines.count == count + 1)
    }

    @Test func aRightToLeftDigestMarksEveryLineAndIsolatesEveryValue() throws {
        let text = try #require(try Self.renderer("ar").renderDigest([Fixtures.draw(7), Fixtures.draw(8)], format: .html))
        let lines = text.split(separator: "\n")
        #expect(lines.allSatisfy { $0.first == "\u{200F}" })
        #expect(lines.last == "\u{200F}\u{2068}٨\u{2069} · \u{2068}008\u{2069} · \u{2068}أحمر 🔴\u{2069}")
    }

    @Test func valuesAreEscapedForTheSinksMarkup() throws {
        let draws = [Draw(issue: 1, value: "<b>&", colors: ["Red"]), Draw(issue: 2, value: "a_b*", colors: ["Green"])]
        let html = try #require(try Self.renderer("en").renderDigest(draws, format: .html))
        #expect(html.contains("1 · &lt;b&gt;&amp; · RED 🔴"))
        let markdown = try #require(try Self.renderer("en").renderDigest(draws, format: .markdown))
        #expect(markdown.contains("2 · a\\_b\\* · GREEN 🟢"))
    }

    @Test func everyShippedLocaleHasADigestThatShowsTheCountAndTheList() throws {
        for code in try LocaleBundle.availableCodes(in: RepoPaths.locales) {
            let bundle = try LocaleBundle.load(code: code, directory: RepoPaths.locales)
            let template = try #require(bundle.digestTemplate, "\(code)")
            #expect(template.names.isSuperset(of: ["count", "results", "first_issue", "last_issue"]), "\(code)")
        }
    }
}

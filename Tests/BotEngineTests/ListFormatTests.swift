// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import Foundation
import Testing
import BotSupport
import BotLocalization

/// `{{counts}}` and a two-colour `{{colors}}` as the language writes a list, by CLDR 47's list
/// patterns of the formatting locale, or as a locale's `lists:` says.
@Suite struct ListFormatTests {
    @Test(arguments: [
        ("en", "A and B", "A, B, C, and D"),
        ("en_GB", "A and B", "A, B, C and D"),
        ("ar", "A وB", "A وB وC وD"),
        ("ja", "A、B", "A、B、C、D"),
        ("ru", "A и B", "A, B, C и D"),
        ("hi", "A और B", "A, B, C, और D"),
        ("ko_KR@hours=h23", "A 및 B", "A, B, C 및 D"),
        ("zh_Hans", "A和B", "A、B、C和D"),
        ("pt-BR", "A e B", "A, B, C e D"),
    ])
    func cldrStandardLists(locale: String, two: String, four: String) {
        let list = ListFormat(locale: locale)
        #expect(list.format(["A", "B"]) == two, "\(locale) from \(list.source ?? "-")")
        #expect(list.format(["A", "B", "C", "D"]) == four, "\(locale) from \(list.source ?? "-")")
        #expect(list.format(["A"]) == "A")
        #expect(list.format([]) == "")
    }

    @Test func unitStylesAndTheRootFallback() {
        #expect(ListFormat(locale: "ar", style: .unit).format(["A", "B", "C"]) == "A، وB، وC")
        #expect(ListFormat(locale: "ja", style: .unitNarrow).format(["A", "B", "C"]) == "ABC")
        #expect(ListFormat(locale: "en", style: .unit).format(["A", "B", "C"]) == "A, B, C")
        #expect(ListFormat(locale: "xx").source == "root")
        #expect(ListFormat(locale: "xx").format(["A", "B", "C"]) == "A, B, C")
        #expect(ListFormat(separator: " · ").format(["A", "B", "C"]) == "A · B · C")
    }

    func caption(_ yaml: String, code: String = "en") throws -> String {
        let bundle = try LocaleBundle.parse(yaml: yaml, file: "\(code).yaml", code: code)
        let draws = [["red"], ["red"], ["green"], ["violet"], ["red"]].enumerated().map {
            Draw(issue: Int64($0.offset + 1), value: "1", colors: $0.element)
        }
        return TrendCaption.render(TrendStats(draws, limit: 10), bundle: bundle, format: .plain, gameType: "RG5M")
    }

    func locale(_ extra: String, formatting: String = "en") -> String {
        LocaleFiles.full(extra: "formatting_locale: \(formatting)\n\(extra)", streak: "{{count}}") + "  trend: \"{{counts}}\"\n"
    }

    @Test func countsFollowTheFormattingLocalesListUnlessTheLocaleSetsItsOwn() throws {
        #expect(try caption(locale("")) == "RED 3, GREEN 1, and VIOLET 1")
        #expect(try caption(locale("", formatting: "ru")) == "RED 3, GREEN 1 и VIOLET 1")
        #expect(try caption(locale("", formatting: "ja")) == "RED 3、GREEN 1、VIOLET 1")
        #expect(try caption(locale("lists:\n  style: unit")) == "RED 3, GREEN 1, VIOLET 1")
        #expect(try caption(locale("lists:\n  separator: \" · \"")) == "RED 3 · GREEN 1 · VIOLET 1")
        #expect(try caption(locale("lists:\n  order: violet, green")) == "VIOLET 1, GREEN 1, and RED 3")
    }

    @Test func aTwoColourResultKeepsColorSeparatorAndFollowsCLDRWithout() throws {
        let draw = Draw(issue: 1, value: "5", colors: ["Red", "Violet"])
        func colors(_ yaml: String, code: String) throws -> String {
            let bundle = try LocaleBundle.parse(yaml: yaml, file: "\(code).yaml", code: code)
            return MessageRenderer(bundle: bundle, gameType: "G", logger: .init(label: "test")).render(draw, seenAt: Date())
        }
        let withSeparator = LocaleFiles.full(extra: "formatting_locale: ar", result: "{{colors}}")
        #expect(try colors(withSeparator, code: "ar") == "RED + VIOLET")
        let without = withSeparator.replacingOccurrences(of: "color_separator: \" + \"\n", with: "")
        #expect(try colors(without, code: "ar") == "RED وVIOLET")
    }

    @Test func aListOrderNamingAColourWithoutALabelIsAnErrorOnItsLine() throws {
        let dir = try LocaleFiles.directory(["en.yaml": locale("lists:\n  order: green, blue, green")])
        let found = try LocaleCheck.run(directory: dir, reference: "en").map(\.description)
        #expect(
            found.contains { $0.hasPrefix("\(dir)/en.yaml:5: error: lists.order: names the colour 'blue', which the locale has no label for") },
            "\(found)")
        #expect(found.contains { $0.hasPrefix("\(dir)/en.yaml:5: error: lists.order: names the colour 'green' twice") }, "\(found)")
        let bad = try LocaleFiles.directory(["en.yaml": locale("lists:\n  style: long")])
        let style = try LocaleCheck.run(directory: bad, reference: "en").map(\.description)
        #expect(style.contains { $0.contains("en.yaml:5: error: lists.style: ") && $0.contains("unit-narrow") }, "\(style)")
    }
}

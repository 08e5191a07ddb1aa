// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotLocalization
import BotSupport
import Foundation
import Testing

/// Right-to-left isolation, digits, date and time patterns, and locale keywords, checked on the
/// rendered bytes.
@Suite struct LocaleStyleTests {
    static let time = Date(timeIntervalSince1970: 1_795_796_831)  // 2026-11-27 16:27:11 UTC

    func render(_ yaml: String, code: String = "xx", zone: String = "UTC", history: Bool = false) throws -> String {
        let bundle = try LocaleBundle.parse(yaml: yaml, file: "\(code).yaml", code: code)
        let renderer = MessageRenderer(bundle: bundle, gameType: "G5", timeZone: TimeZone(identifier: zone)!, logger: .init(label: "test"))
        let window = [Draw(issue: 41, value: "1", colors: ["Red"]), Draw(issue: 42, value: "2", colors: ["Green"])]
        let draw = Draw(issue: 43, value: "3", colors: ["Green"], time: Self.time)
        return renderer.render(draw, seenAt: Self.time, history: history ? window + [draw] : [])
    }

    @Test func rightToLeftIsolatesEveryValueMarksEveryLineAndKeepsTheStripInTimeOrder() throws {
        let yaml = LocaleFiles.full(
            extra: "formatting_locale: he_IL\ndirection: rtl", streak: "{{count}} פעמים",
            result: "הגרלה {{issue}} · {{colors}}\\n{{history}} {{streak}}")
        let text = try render(yaml, code: "he", history: true)
        let (fsi, lri, pdi, rlm) = ("\u{2068}", "\u{2066}", "\u{2069}", "\u{200F}")
        #expect(text == "\(rlm)הגרלה \(fsi)43\(pdi) · \(fsi)GREEN\(pdi)\n\(rlm)\(lri)rgg\(pdi) \(fsi)\(fsi)2\(pdi) פעמים\(pdi)")
        #expect(Array(text.unicodeScalars.prefix(1)).map(\.value) == [0x200F])
    }

    func render(_ result: String, format: MessageFormat) throws -> String {
        let yaml = LocaleFiles.full(extra: "formatting_locale: he_IL\ndirection: rtl", result: result)
        let bundle = try LocaleBundle.parse(yaml: yaml, file: "he.yaml", code: "he")
        let renderer = MessageRenderer(bundle: bundle, gameType: "G5", timeZone: TimeZone(identifier: "UTC")!, logger: .init(label: "test"))
        return renderer.render(Draw(issue: 43, value: "3", colors: ["Green"], time: Self.time), seenAt: Self.time, format: format)
    }

    /// Issue 25: isolates went inside HTML attributes (`<a href="…{{issue}}">` broke) and code
    /// (a reader who copies the number copied invisible characters).
    @Test func telegramHTMLKeepsMarksOutOfAttributesAndCode() throws {
        let text = try render(#"<a href=\"https://example.org/d/{{issue}}\">הגרלה {{issue}}</a> <code>{{issue}}</code>"#, format: .html)
        let (fsi, pdi, rlm) = ("\u{2068}", "\u{2069}", "\u{200F}")
        #expect(text == "\(rlm)<a href=\"https://example.org/d/43\">הגרלה \(fsi)43\(pdi)</a> <code>43</code>")
        let block = try render(#"{{colors}}\n<pre>{{issue}}\n{{value}}</pre>"#, format: .html)
        #expect(block == "\(rlm)\(fsi)GREEN\(pdi)\n<pre>43\n3</pre>")
    }

    @Test func discordMarkdownKeepsBlockSyntaxFirstAndCodeClean() throws {
        let (fsi, pdi, rlm) = ("\u{2068}", "\u{2069}", "\u{200F}")
        // (A template cannot start a line with '>': Telegram's HTML needs it as &gt;.)
        let quote = try render(#"- הגרלה {{issue}}\n# {{colors}}\n-# {{value}}\n1. `{{issue}}`"#, format: .markdown)
        #expect(quote == "- \(rlm)הגרלה \(fsi)43\(pdi)\n# \(rlm)\(fsi)GREEN\(pdi)\n-# \(rlm)\(fsi)3\(pdi)\n1. \(rlm)`43`")
        #expect(LocaleStyle(direction: .rtl).markLines(">>> שורה\n> שורה", format: .markdown) == ">>> \(rlm)שורה\n> \(rlm)שורה")
        let fenced = try render(#"{{colors}}\n```\n{{issue}}\n```"#, format: .markdown)
        #expect(fenced == "\(rlm)\(fsi)GREEN\(pdi)\n```\n43\n```")
    }

    @Test func aHandTypedMarkIsNotDoubled() throws {
        let rlm = "\u{200F}"
        for format in MessageFormat.allCases {
            let text = try render(#"\u200Fהגרלה\n\u061Cשורה\nשלישית"#, format: format)
            #expect(text == "\(rlm)הגרלה\n\u{061C}שורה\n\(rlm)שלישית", "\(format)")
        }
    }

    @Test func leftToRightTextHasNoMarks() throws {
        let text = try render(LocaleFiles.full(result: "{{issue}} {{colors}}"), code: "en")
        #expect(text == "43 GREEN")
    }

    @Test func digitsLocaleWritesTheIssueAndCountsInTheLocalesDigits() throws {
        let yaml = LocaleFiles.full(
            extra: "formatting_locale: hi_IN@numbers=deva\ndigits: locale", streak: "{{count}}", result: "{{issue}} {{streak}} {{value}}")
        #expect(try render(yaml, code: "hi") == "४३ १ 3")
        let latin = LocaleFiles.full(extra: "formatting_locale: hi_IN@numbers=deva", streak: "{{count}}", result: "{{issue}} {{streak}}")
        #expect(try render(latin, code: "hi") == "43 1")
    }

    @Test(arguments: [
        ("formatting_locale: ko_KR@hours=h23", "{{time}}", "Asia/Seoul", "01:27:11"),
        ("formatting_locale: ko_KR", "{{time}}", "Asia/Seoul", "오전 1:27:11"),
        ("formatting_locale: th_TH@calendar=gregorian", "{{date}}", "Asia/Bangkok", "27 พ.ย. 2026"),
        ("formatting_locale: th_TH", "{{date}}", "Asia/Bangkok", "27 พ.ย. 2569"),
        ("formatting_locale: hi_IN@numbers=deva", "{{date}}", "Asia/Kolkata", "२७ नव॰ २०२६"),
        ("formatting_locale: hi_IN@numbers=deva;hours=h23", "{{time}}", "Asia/Kolkata", "२१:५७:११"),
        ("formatting_locale: ar_EG@numbers=arab\ndigits: locale", "{{issue}}", "UTC", "٤٣"),
        ("formatting_locale: ar_EG@numbers=latn\ndigits: locale", "{{issue}}", "UTC", "43"),
        ("formatting_locale: vi_VN\ndate_pattern: dd/MM/y", "{{date}}", "Asia/Ho_Chi_Minh", "27/11/2026"),
        ("formatting_locale: en_US\ntime_skeleton: Hms", "{{time}}", "UTC", "16:27:11"),
        ("formatting_locale: en_US\ndate_skeleton: yMd", "{{date}}", "UTC", "11/27/2026"),
        ("formatting_locale: pt_BR", "{{zone_abbreviation}} {{utc_offset}}", "America/Sao_Paulo", "BRT UTC-3"),
    ])
    func datesTimesAndNumbersAsTheLocaleAsks(settings: String, result: String, zone: String, expected: String) throws {
        #expect(try render(LocaleFiles.full(extra: settings, streak: "{{count}}", result: result), zone: zone) == expected)
    }

    @Test(arguments: [
        ("formatting_locale: ko_KR@hours=h25", "formatting_locale", "'h25' is not a value of @hours"),
        ("formatting_locale: ko_KR@colour=red", "formatting_locale", "'colour=red' in 'ko_KR@colour=red' is not a keyword"),
        ("formatting_locale: xx_YY", "formatting_locale", "is not a locale Foundation knows"),
        ("date_pattern: dd/MM/y 'at", "date_pattern", "a quote (') is not closed"),
        ("time_pattern: HH:mm:ss R", "time_pattern", "'R' is not a CLDR date field letter"),
        ("date_skeleton: y-M-d", "date_skeleton", "a skeleton has only field letters"),
        ("date_pattern: d/M\ndate_skeleton: yMd", "date_skeleton", "give date_pattern or date_skeleton, not both"),
        ("direction: up", "direction", "must be one of ltr, rtl"),
        ("digits: roman", "digits", "must be one of latin, locale"),
    ])
    func aSettingFoundationWouldNotHonourIsAnErrorNamingIt(settings: String, key: String, message: String) {
        let error = #expect(throws: FileError.self) { try LocaleBundle.parse(yaml: LocaleFiles.full(extra: settings), file: "en.yaml", code: "en") }
        #expect(error?.key == key)
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
    }
}

/// `{{zone_abbreviation}}` follows daylight saving time.
@Suite struct ZoneAbbreviationTests {
    @Test func theAbbreviationFollowsSummerTime() {
        let formatter = DrawTimeFormatter(locale: Locale(identifier: "en_US"), timeZone: TimeZone(identifier: "America/New_York")!)
        #expect(formatter.zoneAbbreviation(at: Date(timeIntervalSince1970: 1_795_796_831)) == "EST")
        #expect(formatter.zoneAbbreviation(at: Date(timeIntervalSince1970: 1_783_000_000)) == "EDT")
        #expect(DrawTimeFormatter(locale: Locale(identifier: "en_US"), timeZone: .gmt).zoneAbbreviation(at: Date()) == "UTC")
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotLocalization
import BotSupport
import Foundation
import Testing

@Suite struct LocaleTests {
    static let shipped = [
        "en", "vi", "ja", "id", "th", "hi", "ru", "pt", "pt-BR", "he",
        "bn", "ur", "ta", "te", "mr", "fil", "my", "es-419", "ar", "ko", "tr", "zh-Hans",
    ]

    @Test(arguments: shipped)
    func shippedLocaleLoadsAndRenders(code: String) throws {
        let bundle = try LocaleBundle.load(code: code, directory: RepoPaths.locales)
        #expect(bundle.code == code)
        for color in LocaleBundle.requiredColors { #expect(bundle.label(forColor: color) != nil) }
        let renderer = MessageRenderer(bundle: bundle, gameType: "RG5M", logger: .init(label: "test"))
        let draw = Draw(issue: 12345, value: "120", colors: ["Red", "Violet"], time: Date(timeIntervalSince1970: 1_740_227_344))
        let text = renderer.render(draw, seenAt: Date())
        // The issue in the locale's digits where it asks for them (`১২৩৪৫` in bn); the value as the game gives it.
        #expect(text.contains(DigitWriter(style: bundle.style.digits, locale: bundle.formattingLocale).write("12345")), "\(code): \(text)")
        #expect(text.contains("120"))
        // The game by the name the locale gives it (`games:`), in every shipped locale.
        #expect(!text.contains("RG5M") && bundle.gameLabels["RG5M"].map(text.contains) == true, "\(code): \(text)")
        #expect(text.contains(bundle.label(forColor: "red")!))
        #expect(text.contains(bundle.label(forColor: "violet")!))
        #expect(!text.contains("{{"))
    }

    /// Every shipped locale's live board fills every value, the latest issue in the locale's digits.
    @Test(arguments: shipped)
    func shippedLocaleRendersItsBoard(code: String) throws {
        let bundle = try LocaleBundle.load(code: code, directory: RepoPaths.locales)
        let renderer = MessageRenderer(bundle: bundle, gameType: "RG5M", logger: .init(label: "test"))
        let window = (1...12).map { Draw(issue: Int64(12_333 + $0), value: "\($0)", colors: [$0 > 9 ? "Green" : "Red"]) }
        let board = try #require(renderer.renderBoard(window.last!, history: window, format: .plain))
        #expect(board.contains(DigitWriter(style: bundle.style.digits, locale: bundle.formattingLocale).write("12345")), "\(code): \(board)")
        #expect(board.contains(bundle.label(forColor: "green")!) && board.contains(bundle.label(forColor: "red")!), "\(code): \(board)")
        #expect(!board.contains("{{") && board.split(separator: "\n").count == 5, "\(code): \(board)")
    }

    /// The draw time in the bot's zone, in the locale's own conventions, and no hard-coded "UTC".
    @Test(arguments: [
        ("en", "UTC", ["22 Feb 2025", "12:29:04", "UTC"]),
        ("vi", "Asia/Ho_Chi_Minh", ["🕒 19:29:04 22/02/2025 (UTC+7)"]),
        ("ja", "Asia/Tokyo", ["2025/02/22 21:29:04（JST）"]),
        ("id", "Asia/Jakarta", ["22 Feb 2025 pukul 19.29.04 WIB"]),
        ("th", "Asia/Bangkok", ["22 ก.พ. 2568 เวลา 19:29:04 น. (เวลาไทย)"]),
        ("hi", "Asia/Kolkata", ["22 फ़र॰ 2025, 17:59:04 IST"]),
        ("ru", "Europe/Moscow", ["22 февр. 2025\u{202F}г., 15:29:04 (Москва)"]),
        ("pt", "Europe/Lisbon", ["22/02/2025, 12:29:04 (WET)"]),
        ("pt-BR", "America/Sao_Paulo", ["22 de fev. de 2025 às 09:29:04 (BRT)"]),
        ("he", "Asia/Jerusalem", ["\u{2068}22 בפבר׳ 2025\u{2069}, \u{2068}14:29:04\u{2069} (\u{2068}שעון ישראל\u{2069})"]),
        // bn, mr, my and ar in their own digits; ur and ar right to left.
        ("bn", "Asia/Dhaka", ["২২ ফেব্রুয়ারী ২০২৫, ১৮:২৯:০৪ (বাংলাদেশ সময়)"]),
        ("ur", "Asia/Karachi", ["\u{2068}22 فروری 2025\u{2069}، \u{2068}17:29:04\u{2069} (\u{2068}پاکستان وقت\u{2069})"]),
        ("ta", "Asia/Kolkata", ["22 பிப்ரவரி 2025, 17:59:04 (IST)"]),
        ("te", "Asia/Kolkata", ["22 ఫిబ్రవరి 2025, 17:59:04 (IST)"]),
        ("mr", "Asia/Kolkata", ["२२ फेब्रुवारी २०२५, १७:५९:०४ (IST)"]),
        ("fil", "Asia/Manila", ["Peb 22, 2025, 8:29:04\u{202F}PM (Oras sa Pilipinas)"]),
        ("my", "Asia/Yangon", ["၂၂ ဖေဖော်ဝါရီ ၂၀၂၅၊ ၁၈:၅၉:၀၄ (မြန်မာ အချိန်)"]),
        ("es-419", "America/Mexico_City", ["22 feb 2025, 6:29:04\u{202F}a.m. (hora de Ciudad de México)"]),
        ("ar", "Africa/Cairo", ["\u{2068}٢٢ فبراير ٢٠٢٥\u{2069}، \u{2068}٢:٢٩:٠٤\u{00A0}م\u{2069} (\u{2068}توقيت مصر\u{2069})"]),
        ("ko", "Asia/Seoul", ["2025. 2. 22. 21:29:04 (대한민국 시간)"]),
        ("tr", "Europe/Istanbul", ["22 Şub 2025 15:29:04 (Türkiye Saati)"]),
        ("zh-Hans", "Asia/Shanghai", ["2025年2月22日 20:29:04（中国大陆时间）"]),
    ])
    func shippedLocaleShowsTheDrawTimeInTheBotsZone(code: String, zone: String, expected: [String]) throws {
        let bundle = try LocaleBundle.load(code: code, directory: RepoPaths.locales)
        let renderer = MessageRenderer(bundle: bundle, gameType: "RG5M", timeZone: TimeZone(identifier: zone)!, logger: .init(label: "test"))
        let text = renderer.render(
            Draw(issue: 12345, value: "120", colors: ["Red"], time: Date(timeIntervalSince1970: 1_740_227_344)), seenAt: Date())
        for part in expected { #expect(text.contains(part), "\(code): \(text)") }
        if zone != "UTC" { #expect(!text.contains("UTC") || text.contains("UTC+"), "\(code) still says UTC: \(text)") }
        #expect(!text.contains("12,345") && !text.contains("12.345"), "issue numbers take no grouping separator: \(text)")
    }

    /// The config of each shipped bot names its zone.
    @Test(arguments: [
        ("en", "GMT"), ("vi", "Asia/Ho_Chi_Minh"), ("ja", "Asia/Tokyo"), ("id", "Asia/Jakarta"), ("th", "Asia/Bangkok"), ("hi", "Asia/Kolkata"),
        ("ru", "Europe/Moscow"), ("pt", "Europe/Lisbon"), ("pt-BR", "America/Sao_Paulo"), ("he", "Asia/Jerusalem"),
        ("bn", "Asia/Dhaka"), ("ur", "Asia/Karachi"), ("ta", "Asia/Kolkata"), ("te", "Asia/Kolkata"), ("mr", "Asia/Kolkata"),
        ("fil", "Asia/Manila"), ("my", "Asia/Yangon"), ("es-419", "America/Mexico_City"), ("ar", "Africa/Cairo"), ("ko", "Asia/Seoul"),
        ("tr", "Europe/Istanbul"), ("zh-Hans", "Asia/Shanghai"),
    ])
    func shippedConfigsNameTheirTimeZone(code: String, zone: String) throws {
        #expect(try BotConfig.load(path: "\(RepoPaths.config)/\(code).yaml", environment: [:]).timeZone.identifier == zone)
    }

    @Test func logPrefixesFollowTheOriginalFleet() throws {
        let prefixes = try Self.shipped.map { try LocaleBundle.load(code: $0, directory: RepoPaths.locales).logPrefix }
        #expect(
            prefixes == [
                "[EN]", "[VI]", "[JP]", "[ID]", "[TH]", "[HI]", "[RU]", "[PT]", "[BR]", "[HE]",
                "[BN]", "[UR]", "[TA]", "[TE]", "[MR]", "[PH]", "[MY]", "[ES]", "[AR]", "[KO]", "[TR]", "[ZH]",
            ])
    }

    @Test func colourNamesMatchCaseInsensitivelyAndUnknownOnesShowRaw() throws {
        let bundle = try LocaleBundle.load(code: "en", directory: RepoPaths.locales)
        let renderer = MessageRenderer(bundle: bundle, gameType: "RG5M", logger: .init(label: "test"))
        #expect(renderer.colorLabels(of: Draw(issue: 1, value: "1", colors: ["GREEN", "blue"])) == ["GREEN 🟢", "blue"])
    }

    @Test func valuesAreInsertedLiterallyNotHTMLEscaped() throws {
        let bundle = try LocaleBundle.parse(yaml: LocaleFiles.minimal(result: "{{value}}"), file: "xx.yaml", code: "xx")
        let renderer = MessageRenderer(bundle: bundle, gameType: "G", logger: .init(label: "test"))
        #expect(renderer.render(Draw(issue: 1, value: "<b>&_", colors: ["Red"]), seenAt: Date()) == "<b>&_")
    }

    @Test func unknownPlaceholderFailsAtLoadNamingFileAndKey() {
        let error = #expect(throws: FileError.self) {
            try LocaleBundle.parse(yaml: LocaleFiles.minimal(result: "Issue {{isue}}"), file: "Locales/xx.yaml", code: "xx")
        }
        #expect(error?.file == "Locales/xx.yaml")
        #expect(error?.key == "messages.result")
        #expect(error?.description.contains("unknown placeholder 'isue'") == true)
    }

    @Test func unknownPlaceholderInsideASectionIsFound() {
        #expect(throws: FileError.self) {
            try LocaleBundle.parse(yaml: LocaleFiles.minimal(result: "{{#time}}at {{tme}}{{/time}}"), file: "xx.yaml", code: "xx")
        }
    }

    @Test func templateThatDoesNotParseFailsAtLoad() {
        let error = #expect(throws: FileError.self) {
            try LocaleBundle.parse(yaml: LocaleFiles.minimal(result: "{{#issue}} never closed"), file: "xx.yaml", code: "xx")
        }
        #expect(error?.key == "messages.result")
    }

    @Test(arguments: ["{{> /etc/passwd}}", "{{  > /etc/passwd}}", "{{\t<parent}}{{/parent}}", "{{ =<% %>=}}", "{{   $block}}{{/block}}"])
    func partialsInheritanceAndDelimiterChangesAreRefused(_ template: String) {
        let error = #expect(throws: FileError.self) {
            try LocaleBundle.parse(yaml: LocaleFiles.minimal(result: template), file: "xx.yaml", code: "xx")
        }
        #expect(error?.message.contains("is not allowed in a message template") == true, "\(String(describing: error))")
    }

    @Test(arguments: ["name", "log_prefix", "colors", "messages"])
    func missingRequiredKeyFailsNamingIt(key: String) {
        let yaml = LocaleFiles.minimal(result: "{{issue}}").split(separator: "\n").filter { line in
            !line.hasPrefix("\(key):") && !(key == "colors" && line.hasPrefix("  ") && !line.contains("result"))
                && !(key == "messages" && line.contains("result"))
        }.joined(separator: "\n")
        let error = #expect(throws: FileError.self) { try LocaleBundle.parse(yaml: yaml, file: "xx.yaml", code: "xx") }
        #expect(error?.key.hasPrefix(key) == true)
    }

    @Test func missingColourLabelNamesTheColour() {
        let yaml = LocaleFiles.minimal(result: "{{issue}}").replacingOccurrences(of: "  violet: V\n", with: "")
        let error = #expect(throws: FileError.self) { try LocaleBundle.parse(yaml: yaml, file: "xx.yaml", code: "xx") }
        #expect(error?.key == "colors.violet")
    }

    @Test func codeMustMatchFileName() {
        let yaml = "code: fr\n" + LocaleFiles.minimal(result: "{{issue}}")
        #expect(throws: FileError.self) { try LocaleBundle.parse(yaml: yaml, file: "xx.yaml", code: "xx") }
    }

    @Test func missingLocaleFileListsTheAvailableOnes() {
        let error = #expect(throws: FileError.self) { try LocaleBundle.load(code: "zz", directory: RepoPaths.locales) }
        #expect(
            error?.description.contains("ar, bn, en, es-419, fil, he, hi, id, ja, ko, mr, my, pt, pt-BR, ru, ta, te, th, tr, ur, vi, zh-Hans")
                == true, "\(String(describing: error))")
    }
}

@Suite struct MessageFormatTests {
    @Test func htmlEscapesInsertedValuesButKeepsTemplateMarkup() throws {
        let bundle = try LocaleBundle.parse(yaml: LocaleFiles.minimal(result: "<b>{{value}}</b>"), file: "xx.yaml", code: "xx")
        let renderer = MessageRenderer(bundle: bundle, gameType: "G", logger: .init(label: "test"))
        let text = renderer.render(Draw(issue: 1, value: "<b>&_\"", colors: ["Red"]), seenAt: .now, format: .html)
        #expect(text == "<b>&lt;b&gt;&amp;_&quot;</b>")
    }

    @Test func markdownEscapesInsertedValues() {
        #expect(MessageFormat.markdown.escape("a_b*c") == "a\\_b\\*c")
        #expect(MessageFormat.plain.escape("<b>&_") == "<b>&_")
    }
}

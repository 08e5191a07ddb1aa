// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import Foundation
import Testing
import BotSupport
import BotLocalization

/// A colour's named forms (`{{streak_color.object}}`, `{{#match streak_color.gender}}`), as
/// Fluent's term attributes: Russian cases and gender, Arabic definiteness, Korean particles; and
/// what `locales check` says of a form a text asks for that a colour lacks.
@Suite struct ColorFormsTests {
    /// A locale whose `colors:` are `colors` (lines under the key) and whose texts are given.
    func locale(colors: String, streak: String = "{{count}}", result: String, trend: String? = nil, formatting: String) -> String {
        var text = LocaleFiles.full(extra: "formatting_locale: \(formatting)", colors: colors, streak: streak, result: result)
        if let trend { text += "  trend: \"\(trend)\"\n" }
        return text
    }

    /// Russian: the chip's gender picks the verb, the genitive names the run.
    static let russian = """
          red: {label: "КРАСНАЯ ФИШКА", object: "красной фишки", gender: feminine}
          green: {label: "ЗЕЛЁНЫЙ ШАР", object: "зелёного шара", gender: masculine}
          violet: {label: "ФИОЛЕТОВЫЙ ШАР", object: "фиолетового шара", gender: masculine}
        """

    func render(_ yaml: String, code: String, _ draws: [Draw]) throws -> String {
        let bundle = try LocaleBundle.parse(yaml: yaml, file: "\(code).yaml", code: code)
        return MessageRenderer(bundle: bundle, gameType: "G", logger: .init(label: "test")).render(draws.last!, seenAt: Date(), history: draws)
    }

    func run(_ color: String, _ count: Int) -> [Draw] {
        [Draw(issue: 1, value: "0", colors: [color == "Red" ? "Green" : "Red"])]
            + (0..<count).map { Draw(issue: Int64(2 + $0), value: "5", colors: [color]) }
    }

    @Test func russianGenderAndCase() throws {
        let yaml = locale(
            colors: Self.russian,
            streak: "{{#match color.gender}}{{feminine}}выпала{{*}}выпал{{/match}} {{count}} раза",
            result: "{{streak_color}} {{streak}}; серия {{streak_color.object}}", formatting: "ru_RU")
        #expect(try render(yaml, code: "ru", run("Red", 3)) == "КРАСНАЯ ФИШКА выпала 3 раза; серия красной фишки")
        #expect(try render(yaml, code: "ru", run("Green", 2)) == "ЗЕЛЁНЫЙ ШАР выпал 2 раза; серия зелёного шара")
    }

    @Test func arabicDefiniteFormsInTheCaption() throws {
        let colors = """
              red: {label: "أحمر 🔴", definite: "الأحمر"}
              green: {label: "أخضر 🟢", definite: "الأخضر"}
              violet: {label: "بنفسجي 🟣", definite: "البنفسجي"}
            """
        let yaml = locale(colors: colors, result: "{{issue}}", trend: "يتصدر اللون {{current_color.definite}} ×{{current_count}}", formatting: "ar")
        let bundle = try LocaleBundle.parse(yaml: yaml, file: "ar.yaml", code: "ar")
        let caption = TrendCaption.render(TrendStats(run("Green", 4), limit: 10), bundle: bundle, format: .plain, gameType: "RG5M")
        #expect(caption == "يتصدر اللون الأخضر ×4")
    }

    /// `label` names the colour's label as a form: `{{streak_color.label}}` and the others show it,
    /// for a colour written with forms and for one written as a plain label.
    @Test func theLabelFormIsTheLabel() throws {
        let withForms = locale(
            colors: Self.russian, streak: "{{color.label}}", result: "{{streak_color.label}}|{{streak}}",
            trend: "{{current_color.label}}", formatting: "ru_RU")
        #expect(try render(withForms, code: "ru", run("Green", 2)) == "ЗЕЛЁНЫЙ ШАР|ЗЕЛЁНЫЙ ШАР")
        let bundle = try LocaleBundle.parse(yaml: withForms, file: "ru.yaml", code: "ru")
        #expect(TrendCaption.render(TrendStats(run("Red", 3), limit: 10), bundle: bundle, format: .plain, gameType: "G") == "КРАСНАЯ ФИШКА")
        let plain = locale(colors: LocaleFiles.labels, result: "{{streak_color.label}}", formatting: "en")
        #expect(try render(plain, code: "en", run("Green", 2)) == "GREEN")
    }

    @Test func koreanParticlesInTheShippedLocale() throws {
        let bundle = try LocaleBundle.load(code: "ko", directory: RepoPaths.locales)
        #expect(bundle.colorForms["violet"]?["subject"] == "🟣 보라가")
        #expect(bundle.label(forColor: "violet") == "보라 🟣")
        let renderer = MessageRenderer(bundle: bundle, gameType: "G", logger: .init(label: "test"))
        let text = renderer.render(run("Violet", 3).last!, seenAt: Date(), history: run("Violet", 3))
        #expect(text.contains("🔥 🟣 보라가 3회 연속"), "\(text)")
        let red = renderer.render(run("Red", 3).last!, seenAt: Date(), history: run("Red", 3))
        #expect(red.contains("🔥 🔴 빨강이 3회 연속"), "\(red)")
    }

    func check(_ yaml: String, code: String) throws -> (String, [String]) {
        let dir = try LocaleFiles.directory(["\(code).yaml": yaml])
        return (dir, try LocaleCheck.run(directory: dir, reference: code).map(\.description))
    }

    @Test func aFormATextAsksForThatAColourLacksIsAnErrorNamingTheColourAndItsLine() throws {
        let colors = """
              red: {label: "빨강 🔴", subject: "빨강이"}
              green: {label: "초록 🟢", subject: "초록이"}
              violet: "보라 🟣"
            """
        let (dir, found) = try check(locale(colors: colors, result: "{{streak_color.subject}}", formatting: "ko"), code: "ko")
        #expect(
            found == [
                "\(dir)/ko.yaml:7: error: colors.violet.subject: is required: messages.result asks for the form 'subject' of a colour "
                    + "(colors: violet: {label: …, subject: …})"
            ], "\(found)")
    }

    @Test func aSelectorOnAFormCountsAsAskingForIt() throws {
        let (dir, found) = try check(
            locale(
                colors: Self.russian.replacingOccurrences(of: ", gender: masculine}", with: "}"),
                result: "{{#match streak_color.gender}}{{feminine}}a{{*}}b{{/match}}", formatting: "ru"),
            code: "ru")
        #expect(found.count == 2, "\(found)")
        #expect(
            found.first?.hasPrefix("\(dir)/ru.yaml:6: error: colors.green.gender: is required: messages.result asks for the form 'gender'") == true,
            "\(found)")
    }

    @Test func aColourWithFormsNeedsALabelAndAFormIsChosenOnBySelect() throws {
        let (dir, found) = try check(locale(colors: "  red: {object: x}\n  green: G\n  violet: V", result: "{{issue}}", formatting: "en"), code: "en")
        #expect(found.contains { $0.hasPrefix("\(dir)/en.yaml:5: error: colors.red: a colour with forms needs a label") }, "\(found)")
        let plural = try check(
            locale(colors: Self.russian, result: "{{#match streak_color.gender plural}}{{*}}b{{/match}}", formatting: "ru"), code: "ru")
        #expect(
            plural.1.contains { $0.contains("chooses on the form 'streak_color.gender' by plural, but a colour's form is chosen on by select") },
            "\(plural.1)")
    }
}

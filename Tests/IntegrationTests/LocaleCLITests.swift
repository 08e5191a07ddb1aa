// SPDX-License-Identifier: Apache-2.0
import BotEngineTesting
import Foundation
import TestHarness
import Testing

/// Adding a language is adding a file: the built binary, unchanged, posts in a language written
/// at test time, and `locales check` reports every problem of every file.
@Suite struct LocaleCLITests {
    static let german = """
        # Deutsch, written by the test: no code of the engine knows this language.
        name: Deutsch
        log_prefix: "[DE]"
        formatting_locale: de_DE
        history_length: 5
        colors:
          red: "ROT 🔴"
          green: "GRÜN 🟢"
          violet: "VIOLETT 🟣"
        color_separator: " + "
        color_symbols:
          red: "🔴"
          green: "🟢"
          violet: "🟣"
        plurals:
          streak: "{{count}}-mal in Folge"
        messages:
          result: |-
            🎲 {{game_type}} · Ziehung {{issue}}
            Ergebnis: {{value}} · {{colors}}
            🕒 {{date}} um {{time}} Uhr ({{time_zone}})
            📊 Zuletzt: {{history}}
            🔥 {{streak_color}} {{streak}}

        """

    @Test func aLanguageWrittenAtTestTimeIsPostedByTheUnchangedBinary() async throws {
        let dir = try BotBinary.temporaryDirectory()
        try Self.german.write(toFile: dir + "/de.yaml", atomically: true, encoding: .utf8)
        let child = try ChildProcess(
            try BotBinary.require(), ["demo", "--locales-dir", dir, "--config-dir", dir + "/no-configs", "--draws", "1", "--period", "300ms"]
        )
        #expect(await child.waitForExit(timeout: .seconds(60)) == 0, "stderr: \(child.stderr)")
        let out = child.stdout
        #expect(out.contains("[DE] 🎲 RG5M · Ziehung "), "\(out)")
        #expect(out.contains("Ergebnis: "))
        #expect(out.contains("-mal in Folge"))
        #expect(
            out.range(of: #"🕒 \d{2}\.\d{2}\.\d{4} um \d{2}:\d{2}:\d{2} Uhr \(UTC\)"#, options: .regularExpression) != nil,
            "German date and time: \(out)")
        let strip = out.components(separatedBy: "\n").first { $0.contains("Zuletzt: ") }?.components(separatedBy: "Zuletzt: ").last
        #expect(strip?.count == 5, "history_length 5: \(strip ?? "no strip")")

        let check = try ChildProcess(try BotBinary.require(), ["locales", "check", "--dir", dir, "--reference", "de"])
        #expect(await check.waitForExit(timeout: .seconds(60)) == 0, "\(check.stdout)\(check.stderr)")
    }

    @Test func localesCheckReportsEveryProblemOfEveryFileAndExits1() async throws {
        let dir = try BotBinary.temporaryDirectory()
        try FileManager.default.copyItem(atPath: RepoPaths.locales + "/en.yaml", toPath: dir + "/en.yaml")
        let vi = try String(contentsOfFile: RepoPaths.locales + "/vi.yaml", encoding: .utf8)
            .replacingOccurrences(of: "  violet: \"TÍM 🟣\"\n", with: "")
            .replacingOccurrences(of: "Kết quả: {{value}}", with: "Kết quả: {{valeu}}")
            .replacingOccurrences(of: "name: Tiếng Việt", with: "name: \"\"")
        try vi.write(toFile: dir + "/vi.yaml", atomically: true, encoding: .utf8)
        try "name: 日本語\ncolors: [red\n".write(toFile: dir + "/ja.yaml", atomically: true, encoding: .utf8)

        let child = try ChildProcess(try BotBinary.require(), ["locales", "check", "--dir", dir])
        #expect(await child.waitForExit(timeout: .seconds(60)) == 1)
        let lines = child.stdout.split(separator: "\n").map(String.init)
        let errors = lines.filter { $0.contains(": error: ") }
        #expect(errors.count == 4, "\(child.stdout)")
        #expect(errors.contains { $0.hasPrefix("\(dir)/ja.yaml:") && $0.contains("YAML syntax error at column") })
        #expect(errors.contains("\(dir)/vi.yaml:6: error: name: must not be empty"))
        #expect(errors.contains { $0.hasPrefix("\(dir)/vi.yaml:") && $0.contains("colors.violet: is required") })
        #expect(errors.contains { $0.hasPrefix("\(dir)/vi.yaml:") && $0.contains("messages.result: unknown placeholder 'valeu'") })
        #expect(lines.filter { !$0.contains(": error: ") }.allSatisfy { $0.contains(": warning: ") }, "\(child.stdout)")
        #expect(child.stderr.contains("4 errors"), "\(child.stderr)")

        let json = try ChildProcess(try BotBinary.require(), ["locales", "check", "--dir", dir, "--json"])
        #expect(await json.waitForExit(timeout: .seconds(60)) == 1)
        let array = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect(array?.filter { $0["severity"] as? String == "error" }.count == 4)
        #expect(array?.allSatisfy { $0["file"] is String && $0["message"] is String && $0["key"] is String } == true)
        #expect(array?.allSatisfy { ["error", "warning"].contains($0["severity"] as? String) } == true)
    }

    /// Only errors fail the check: the shipped locales have one warning (vi shows {{utc_offset}}
    /// where en shows {{time_zone}}) and pass.
    @Test func localesCheckPassesTheShippedLocales() async throws {
        let child = try ChildProcess(try BotBinary.require(), ["locales", "check"], directory: RepoPaths.root)
        #expect(await child.waitForExit(timeout: .seconds(60)) == 0, "\(child.stdout)\(child.stderr)")
        #expect(!child.stdout.contains(": error: "), "\(child.stdout)")
        #expect(child.stderr.contains("0 errors, 1 warning"), "\(child.stderr)")
    }

    /// `locales preview` prints what the locale would post for the draw described, plurals and
    /// right-to-left marks included, with no fleet running.
    @Test func localesPreviewPrintsTheMessageForTheDrawDescribed() async throws {
        let arguments = ["locales", "preview", "ru", "--issue", "777", "--colors", "red,violet", "--streak", "22", "--time", "2026-11-27T08:17:11Z"]
        let ru = try ChildProcess(try BotBinary.require(), arguments, directory: RepoPaths.root)
        #expect(await ru.waitForExit(timeout: .seconds(60)) == 0, "\(ru.stderr)")
        #expect(ru.stdout.contains("Тираж № 777"), "\(ru.stdout)")
        #expect(ru.stdout.contains("КРАСНЫЙ 🔴 + ФИОЛЕТОВЫЙ 🟣"), "\(ru.stdout)")
        #expect(ru.stdout.contains("🕒 27 нояб. 2026\u{202F}г., 11:17:11 (Москва)"), "Config/ru.yaml's zone: \(ru.stdout)")
        #expect(ru.stdout.contains("🔥 КРАСНЫЙ 🔴 выпадает 22 раза подряд"), "\(ru.stdout)")

        let he = try ChildProcess(
            try BotBinary.require(), ["locales", "preview", "he", "--streak", "2", "--format", "html", "--time-zone", "UTC"],
            directory: RepoPaths.root)
        #expect(await he.waitForExit(timeout: .seconds(60)) == 0, "\(he.stderr)")
        let lines = he.stdout.split(separator: "\n")
        #expect(lines.count == 5 && lines.allSatisfy { $0.hasPrefix("\u{200F}") }, "\(he.stdout)")
        #expect(he.stdout.contains("\u{2068}ירוק 🟢\u{2069} \u{2068}יצא פעמיים ברציפות\u{2069}"), "\(he.stdout)")

        let one = try ChildProcess(try BotBinary.require(), ["locales", "preview", "en", "--streak", "1"], directory: RepoPaths.root)
        #expect(await one.waitForExit(timeout: .seconds(60)) == 0)
        #expect(!one.stdout.contains("🔥"), "a run of 1 leaves the streak line out: \(one.stdout)")

        let bad = try ChildProcess(try BotBinary.require(), ["locales", "preview", "zz"], directory: RepoPaths.root)
        #expect(await bad.waitForExit(timeout: .seconds(60)) == 2)
        #expect(bad.stderr.contains("no such locale file"), "\(bad.stderr)")
    }

    @Test(arguments: [
        ["locales", "check", "--dir", "/nonexistent/Locales"], ["locales", "check", "--reference", "zz"], ["locales", "check", "--bogus"],
    ])
    func localesCheckExits2WhenThereIsNothingToCheck(arguments: [String]) async throws {
        let child = try ChildProcess(try BotBinary.require(), arguments, directory: RepoPaths.root)
        #expect(await child.waitForExit(timeout: .seconds(60)) == 2, "\(child.stderr)")
    }
}

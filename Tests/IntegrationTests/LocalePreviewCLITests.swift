// SPDX-License-Identifier: Apache-2.0
import BotEngineTesting
import Foundation
import TestHarness
import Testing

/// `locales preview` renders every message (`--message result|trend|board|all`) with the
/// arguments a translator gives (`--counts`, `--draws`, `--streak`), each plural and select
/// branch with `--all-branches`, for one locale or all (`--lang all`), from the built binary.
@Suite struct LocalePreviewCLITests {
    static let time = ["--time", "2026-11-27T08:17:11Z", "--time-zone", "UTC"]

    /// English whose caption chooses on the number of draws and on the current colour.
    static let english = """
        name: English
        log_prefix: "[EN]"
        colors:
          red: "RED"
          green: "GREEN"
          violet: "VIOLET"
        color_symbols:
          red: "r"
          green: "g"
          violet: "v"
        plurals:
          streak: "{{count}} {{#one}}draw{{/one}}{{#other}}draws{{/other}}"
        messages:
          result: "{{issue}} {{colors}} {{history}} {{streak}}"
          trend: "{{draws}} {{#match draws plural}}{{=1}}single result{{one}}result{{*}}results{{/match}}: {{counts}}; now {{#match current_color}}{{red}}hot red{{*}}{{current_color}}{{/match}} ×{{current_count}}"

        """

    func preview(_ arguments: [String], directory: String = RepoPaths.root) async throws -> ChildProcess {
        let child = try ChildProcess(try BotBinary.require(), ["locales", "preview"] + arguments + Self.time, directory: directory)
        #expect(await child.waitForExit(timeout: .seconds(60)) == 0, "\(child.stderr)")
        return child
    }

    @Test func everyMessageWithTheCountsGiven() async throws {
        let ru = try await preview(["ru", "--message", "all", "--counts", "red=6,green=5,violet=3", "--streak", "2"])
        let out = ru.stdout
        for heading in ["== ru · result ==", "== ru · trend ==", "== ru · board =="] { #expect(out.contains(heading + "\n"), "\(out)") }
        #expect(out.contains("КРАСНЫЙ 🔴 6, ЗЕЛЁНЫЙ 🟢 5 и ФИОЛЕТОВЫЙ 🟣 3"), "the caption counts as --counts says, in a Russian list: \(out)")
        #expect(out.contains("тиражи № 997–1010"), "14 draws end with the one previewed: \(out)")
        #expect(out.contains("🔥 ЗЕЛЁНЫЙ 🟢 выпадает 2 раза подряд"), "\(out)")
        #expect(out.contains("Сейчас ЗЕЛЁНЫЙ 🟢 ×2"), "\(out)")

        let draws = try await preview(["en", "--message", "trend", "--draws", "7", "--streak", "4"])
        #expect(draws.stdout.hasPrefix("📈 Last 7 results, periods 1004–1010: "), "one message, one locale: no heading: \(draws.stdout)")
        #expect(draws.stdout.contains("Now GREEN 🟢 ×4"), "\(draws.stdout)")
    }

    @Test func allBranchesShowsEachPluralAndSelectBranch() async throws {
        let dir = NSTemporaryDirectory() + "redgreen-preview-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Self.english.write(toFile: dir + "/en.yaml", atomically: true, encoding: .utf8)
        let child = try await preview(["--lang", "all", "--dir", dir, "--message", "trend", "--draws", "5", "--all-branches"])
        let sections = child.stdout.components(separatedBy: "== en · trend").dropFirst().map { "== en · trend" + $0 }
        func section(_ heading: String) -> String? { sections.first { $0.hasPrefix(heading + " ==\n") } }
        #expect(section("== en · trend")?.contains("5 results: RED 1, GREEN 3, and VIOLET 1; now GREEN ×3") == true, "\(child.stdout)")
        #expect(section("== en · trend · draws 1 (one)")?.contains("1 single result: GREEN 1") == true, "exact =1: \(child.stdout)")
        #expect(section("== en · trend · draws 2 (other)")?.contains("2 results") == true, "the * branch: \(child.stdout)")
        #expect(section("== en · trend · colour red")?.contains("now hot red ×") == true, "the {{red}} branch: \(child.stdout)")
        #expect(sections.count == 4, "nothing chooses on the run's length, so no streak is varied: \(child.stdout)")
    }

    @Test func allLocalesAtOnce() async throws {
        let all = try await preview(["--lang", "all", "--message", "board"])
        let codes = try FileManager.default.contentsOfDirectory(atPath: RepoPaths.locales).filter { $0.hasSuffix(".yaml") }.map {
            String($0.dropLast(5))
        }
        #expect(codes.count == 22)
        for code in codes { #expect(all.stdout.contains("== \(code) · board ==\n"), "\(code): \(all.stdout)") }
        #expect(all.stdout.contains("📋 Red-Green 5 min · Live board"), "\(all.stdout)")
    }

    @Test(arguments: [
        (["en", "--message", "bogus"], "--message must be result, trend, board or all"),
        (["en", "--counts", "red=x"], "--counts: 'red=x' is not colour=count pairs"),
        (["en", "--lang", "ru"], "give the locale code (or all) as the argument or with --lang, once"),
    ])
    func badArgumentsAreRefusedNamingTheOption(arguments: [String], message: String) async throws {
        let child = try ChildProcess(try BotBinary.require(), ["locales", "preview"] + arguments, directory: RepoPaths.root)
        #expect(await child.waitForExit(timeout: .seconds(60)) != 0)
        #expect(child.stderr.contains(message), "\(child.stderr)")
    }
}

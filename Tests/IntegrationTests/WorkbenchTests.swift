// SPDX-License-Identifier: Apache-2.0
import BotEngineTesting
import Foundation
@testable import LocaleWorkbench
import TestHarness
import Testing

/// The translators' workbench (`redgreen-bot locales serve`) as a browser shows it: a real headless
/// Chromium (Debian's `chromium`, which `make test` installs) loads the page from the built
/// binary, and the tests read its DOM and take a screenshot.
@Suite(.serialized) struct WorkbenchTests {
    /// A running workbench over a copy of the shipped locales.
    struct Workbench {
        let child: ChildProcess
        let directory: String
        let url: String

        /// Starts one over a copy of Locales/, in which English bolds its "Result:".
        static func start() async throws -> Workbench {
            let directory = try BotBinary.temporaryDirectory() + "/Locales"
            try FileManager.default.copyItem(atPath: RepoPaths.root + "/Locales", toPath: directory)
            let english = try String(contentsOfFile: directory + "/en.yaml", encoding: .utf8)
            try english.replacingOccurrences(of: "    Result: {{value}}", with: "    <b>Result:</b> {{value}}")
                .write(toFile: directory + "/en.yaml", atomically: true, encoding: .utf8)
            let child = try ChildProcess(
                try BotBinary.require(),
                ["locales", "serve", "--dir", directory, "--config-dir", RepoPaths.root + "/Config", "--port", "0"])
            let listening = await child.waitFor(timeout: .seconds(120)) { $0.stdout.contains("Workbench on http://") }
            try #require(listening, "the workbench did not start: \(child.stderr)")
            let line = child.stdout.split(separator: "\n").first { $0.hasPrefix("Workbench on ") }!
            let url = String(line.split(separator: " ")[2])
            return Workbench(child: child, directory: directory, url: url)
        }
    }

    /// Runs headless Chromium with `arguments` and `url`; what it printed to standard output.
    static func chromium(_ arguments: [String], _ url: String) async throws -> String {
        let binary = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let path = try #require(binary, "no chromium: make test installs Debian's chromium")
        let profile = try BotBinary.temporaryDirectory()
        let child = try ChildProcess(
            path,
            ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=\(profile)"]
                + arguments + [url])
        let status = await child.waitForExit(timeout: .seconds(180))
        try #require(status == 0, "chromium \(arguments) \(url) ended with \(String(describing: status)): \(child.stderr.suffix(2000))")
        return child.stdout
    }

    static func dom(_ url: String) async throws -> String {
        try await chromium(["--dump-dom", "--virtual-time-budget=2000"], url)
    }

    @Test func everyLocaleIsShownAsTheChatsWouldWithRightToLeftBubbles() async throws {
        let bench = try await Workbench.start()
        defer { bench.child.signal() }
        let dom = try await Self.dom(bench.url)
        let codes = try FileManager.default.contentsOfDirectory(atPath: bench.directory).filter { $0.hasSuffix(".yaml") }
            .map { String($0.dropLast(5)) }
        #expect(codes.count >= 10)
        for code in codes {
            #expect(dom.contains("id=\"locale-\(code)\""), "no section for \(code)")
        }
        // Hebrew reads right to left: its section and every one of its bubbles say so; English's do not.
        let hebrew = try #require(Self.section("he", of: dom))
        #expect(hebrew.contains("data-direction=\"rtl\""))
        #expect(hebrew.contains("class=\"bubble telegram\" dir=\"rtl\""))
        #expect(hebrew.contains("class=\"bubble discord\" dir=\"rtl\""))
        #expect(!hebrew.contains("dir=\"ltr\""))
        let english = try #require(Self.section("en", of: dom))
        #expect(!english.contains("dir=\"rtl\""))
        // Every message, and the plural forms: Russian's run of 1, 2, 5 and 21 read differently.
        #expect(english.contains("data-message=\"result\"") && english.contains("data-message=\"trend\"") && english.contains("data-message=\"board\""))
        #expect(english.contains("data-message=\"digest\"") && english.contains("22 results while the bot was away"))
        let russian = try #require(Self.section("ru", of: dom))
        #expect(russian.components(separatedBy: "class=\"sample\"").count - 1 >= 3 + 3, "its plural forms and every colour")
        // The Telegram bubble shows Telegram's HTML as markup, not as escaped text.
        #expect(english.contains("<div class=\"bubble telegram\" dir=\"ltr\">🎲 Red-Green 5 min · Period 1010<br><b>Result:</b> 7"))
        // Discord has no HTML: its bubble shows the tag as Discord would, as text.
        #expect(english.contains("<div class=\"bubble discord\" dir=\"ltr\">🎲 Red-Green 5 min · Period 1010<br>&lt;b&gt;Result:&lt;/b&gt; 7"))

        let shot = try BotBinary.temporaryDirectory() + "/workbench.png"
        _ = try await Self.chromium(["--screenshot=\(shot)", "--window-size=1280,3000", "--virtual-time-budget=3000"], bench.url)
        let png = try Data(contentsOf: URL(fileURLWithPath: shot))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG screenshot at \(shot)")
        #expect(png.count > 20_000, "the screenshot at \(shot) shows a page, not a blank")
    }

    @Test func aBrokenFileShowsItsErrorAndThePageStaysUpAndReloads() async throws {
        let bench = try await Workbench.start()
        defer { bench.child.signal() }
        let before = try await Self.dom(bench.url + "version")
        try "name: [this is not closed\n".write(toFile: bench.directory + "/vi.yaml", atomically: true, encoding: .utf8)
        let after = try await Self.dom(bench.url + "version")
        #expect(before != after, "the page's /version, which it polls to reload, changes when a file is saved")

        let dom = try await Self.dom(bench.url)
        let vietnamese = try #require(Self.section("vi", of: dom))
        #expect(vietnamese.contains("load-error"))
        #expect(vietnamese.contains("vi.yaml"))
        #expect(!vietnamese.contains("class=\"bubble"))
        for code in ["en", "ja", "he"] {
            #expect(dom.contains("id=\"locale-\(code)\""))
        }
        #expect(try #require(Self.section("ja", of: dom)).contains("class=\"bubble telegram\""))
        #expect(bench.child.isRunning)
    }

    @Test func telegramMarkupIsKeptAndAnythingElseEscaped() {
        #expect(ChatMarkup.telegram("<b>RED</b> <code>1010</code>\nnext") == "<b>RED</b> <code>1010</code><br>next")
        #expect(ChatMarkup.telegram("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;")
        #expect(ChatMarkup.telegram("<a href=\"https://t.me/x\" onclick=\"y\">go</a>") == "<a href=\"https://t.me/x\">go</a>")
        #expect(ChatMarkup.telegram("<b onmouseover=\"x\">") == "<b>")
    }

    @Test func discordBlockSyntaxWorksAfterADirectionMark() {
        #expect(ChatMarkup.discord("\u{200F}> **אדום** 7") == "<blockquote>\u{200F}<b>אדום</b> 7</blockquote>")
        #expect(ChatMarkup.discord("# Title\n`1010` <x>") == "<h3>Title</h3><br><code>1010</code> &lt;x&gt;")
        #expect(ChatMarkup.discord("2 * 3") == "2 * 3")
        #expect(ChatMarkup.discord("12\\:40\\:34 \\*not italic\\* \\<") == "12:40:34 *not italic* &lt;")
    }

    /// The `<section>` of locale `code` in `dom`.
    static func section(_ code: String, of dom: String) -> String? {
        guard let start = dom.range(of: "<section class=\"locale\" id=\"locale-\(code)\"") else { return nil }
        let rest = dom[start.lowerBound...]
        guard let end = rest.range(of: "</section>") else { return nil }
        return String(rest[..<end.upperBound])
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotEngineTesting
import Foundation
import TestHarness
import Testing

/// The binary as a user runs it.
@Suite struct CLITests {
    @Test func badConfigExitsWithStatus2NamingFileAndKey() async throws {
        let dir = try BotBinary.temporaryDirectory()
        let file = dir + "/bad.yaml"
        try "locale: vi\nrole: reader\nupstream:\n  url: http://127.0.0.1:1/api\n  timeout: soon\n".write(
            toFile: file, atomically: true, encoding: .utf8)
        let child = try ChildProcess(try BotBinary.require(), ["run", "--config", file])
        let status = await child.waitForExit(timeout: .seconds(60))
        #expect(status == 2)
        #expect(child.stderr.contains("\(file):5: upstream.timeout:"), "stderr: \(child.stderr)")
    }

    /// Issue 19: these crashed the bot (SIGILL, exit 132).
    @Test(arguments: [
        ("upstream:\n  url: http://127.0.0.1:1/api\n  timeout: 99999999999999999999h\n", "5: upstream.timeout"),
        ("upstream:\n  url: http://127.0.0.1:1/api\nshared:\n  ttl: 9300000000000000s\n", "6: shared.ttl"),
    ])
    func aDurationPastAYearExitsWithStatus2NamingTheKey(_ yaml: String, at: String) async throws {
        let file = try BotBinary.temporaryDirectory() + "/huge.yaml"
        try ("locale: vi\nrole: reader\n" + yaml).write(toFile: file, atomically: true, encoding: .utf8)
        let child = try ChildProcess(try BotBinary.require(), ["run", "--config", file])
        #expect(await child.waitForExit(timeout: .seconds(60)) == 2)
        #expect(child.stderr.contains("\(file):\(at): must be at most 8760h"), "stderr: \(child.stderr)")
    }

    @Test func literalPasswordInConfigIsRefused() async throws {
        let dir = try BotBinary.temporaryDirectory()
        let file = dir + "/secret.yaml"
        try "locale: vi\nrole: reader\nupstream:\n  url: http://127.0.0.1:1/api\nredis:\n  password: hunter2\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let child = try ChildProcess(try BotBinary.require(), ["run", "--config", file])
        #expect(await child.waitForExit(timeout: .seconds(60)) == 2)
        #expect(child.stderr.contains("redis.password"))
        #expect(child.stderr.contains("password_env"))
        #expect(!child.stderr.contains("hunter2"))
    }

    @Test func missingLocaleExitsWithStatus2() async throws {
        let dir = try BotBinary.temporaryDirectory()
        let file = dir + "/xx.yaml"
        try "locale: xx\nlocales_dir: \(RepoPaths.locales)\nrole: reader\nupstream:\n  url: http://127.0.0.1:1/api\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let child = try ChildProcess(try BotBinary.require(), ["run", "--config", file])
        #expect(await child.waitForExit(timeout: .seconds(60)) == 2)
        #expect(child.stderr.contains("xx.yaml"))
    }

    @Test func demoPostsEveryDrawInEveryLanguageAndStops() async throws {
        let child = try ChildProcess(try BotBinary.require(), ["demo", "--draws", "3", "--period", "400ms"], directory: RepoPaths.root)
        let status = await child.waitForExit(timeout: .seconds(60))
        #expect(status == 0, "stderr: \(child.stderr)")
        let out = child.stdout
        let prefixes = [
            "[EN]", "[VI]", "[JP]", "[ID]", "[TH]", "[HI]", "[RU]", "[PT]", "[BR]", "[HE]",
            "[BN]", "[UR]", "[TA]", "[TE]", "[MR]", "[PH]", "[MY]", "[ES]", "[AR]", "[KO]", "[TR]", "[ZH]",
        ]
        for prefix in prefixes {
            #expect(out.components(separatedBy: "\n").filter { $0.hasPrefix(prefix) }.count >= 3, "\(prefix) posted fewer than 3 draws:\n\(out)")
        }
        #expect(out.contains("Kỳ"))
        #expect(out.contains("第") && out.contains("回"))
        #expect(out.contains("Periode"))
        #expect(out.contains("งวดที่"))
        #expect(out.contains("(UTC+7)"), "each bot shows its config's time zone")
        #expect(out.contains("(BRT)") && out.contains("IST"), "each bot shows its config's time zone")
        #expect(out.contains("Тираж №") && out.contains("Concurso") && out.contains("\u{200F}🎲 \u{2068}אדום-ירוק 5 דקות\u{2069} · הגרלה"))
        #expect(out.contains("পিরিয়ড ১০") && out.contains("पीरियड १०") && out.contains("ပွဲစဉ် ၁၀"), "bn, mr and my write the period in their digits")
        #expect(out.contains("\u{200F}🎲 \u{2068}سرخ-سبز 5 منٹ\u{2069} · پیریڈ") && out.contains("\u{200F}🎲 \u{2068}أحمر-أخضر 5 دقائق\u{2069} · السحب رقم"))
        #expect(out.contains("회차") && out.contains("Çekiliş") && out.contains("Sorteo") && out.contains("开奖结果"))
        #expect(out.contains("(IST)") && out.contains("(Oras sa Pilipinas)"), "each bot shows its config's time zone")
    }

    @Test func demoStopsCleanlyOnSIGINT() async throws {
        let child = try ChildProcess(try BotBinary.require(), ["demo", "--period", "300ms"], directory: RepoPaths.root)
        #expect(await child.waitFor(timeout: .seconds(30)) { $0.stdout.contains("[JP]") })
        child.signal(SIGINT)
        #expect(await child.waitForExit(timeout: ChildProcess.stopDeadline) == 0)
    }

    /// Standard output that cannot be written (`> /dev/full`) is one line and exit status 1 for
    /// each command that prints a report (issue 27): `FileHandle.write` crashed them with a
    /// backtrace (SIGILL, exit 132).
    @Test(arguments: [
        ["config", "check", "--config", "DIR/bad.yaml"], ["locales", "check", "--dir", "LOCALES"],
        ["locales", "preview", "en", "--dir", "LOCALES"], ["trend", "--config", "CONFIG", "--simulate", "--out", "DIR/t.png"],
    ])
    func aFullStandardOutputIsOneLineAndStatus1(_ arguments: [String]) async throws {
        let dir = try BotBinary.temporaryDirectory()
        var config = TestBotConfig(code: "en", role: "master")
        config.sinks = ""
        let file = try config.write(in: dir)
        // A config with a problem, so that `config check` has a report to print.
        try "locale: vi\nrole: reader\nupstream:\n  url: http://127.0.0.1:1/api\n  timeout: soon\n".write(
            toFile: dir + "/bad.yaml", atomically: true, encoding: .utf8)
        let resolved = arguments.map {
            $0 == "CONFIG" ? file : $0 == "LOCALES" ? RepoPaths.locales : $0.replacingOccurrences(of: "DIR", with: dir)
        }
        let child = try ChildProcess("/bin/sh", ["-c", "exec \"$0\" \"$@\" > /dev/full", try BotBinary.require()] + resolved)
        #expect(await child.waitForExit(timeout: .seconds(60)) == 1, "stderr: \(child.stderr)")
        let lines = child.stderr.split(separator: "\n").filter { !$0.hasPrefix("redgreen-bot: note:") && !$0.contains("redgreen-bot: config check:") }
        #expect(lines == ["redgreen-bot: error: cannot write standard output: No space left on device"], "stderr: \(child.stderr)")
    }
}

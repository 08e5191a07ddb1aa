// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import Foundation
import TestHarness
import Testing

/// SIGHUP reloads a running bot's locale file: the next post is in the new wording, and a broken
/// rewrite keeps the old wording and logs the error.
@Suite(.serialized) struct LocaleReloadProcessTests {
    @Test func sighupReloadsTheLocaleAndABrokenFileKeepsTheOldOne() async throws {
        let binary = try BotBinary.require()
        let sim = try await RunningSimulator.start()
        let dir = try BotBinary.temporaryDirectory()
        let locales = "\(dir)/Locales"
        try FileManager.default.createDirectory(atPath: locales, withIntermediateDirectories: true)
        let shipped = try String(contentsOfFile: "\(RepoPaths.locales)/en.yaml", encoding: .utf8)
        try shipped.write(toFile: "\(locales)/en.yaml", atomically: true, encoding: .utf8)
        let config = try Ops.writeConfig(code: "en", role: "master", dir: dir, localesDir: locales, extra: "delivery:\n  ledger: memory")
        let env = ["REDIS_URL": "redis://127.0.0.1:\(try FreePort.next())", "REDGREEN_UPSTREAM_URL": sim.url]
        let bot = try ChildProcess(binary, ["run", "--config", config], environment: env)

        #expect(await bot.waitFor(timeout: .seconds(60)) { !Ops.posts($0).isEmpty }, "never posted: \(bot.stderr)")
        #expect(Ops.posts(bot).last?.text.contains("Result: ") == true)

        // A new wording: the next draw is posted with it.
        try shipped.replacingOccurrences(of: "Result: {{value}}", with: "Outcome: {{value}}")
            .write(toFile: "\(locales)/en.yaml", atomically: true, encoding: .utf8)
        bot.signal(SIGHUP)
        #expect(
            await bot.waitFor(timeout: .seconds(60)) { $0.stderr.contains("[EN] Locale reloaded from \(locales)/en.yaml on SIGHUP") }, "\(bot.stderr)"
        )
        sim.state.publish()
        let second = sim.latestIssue
        #expect(await bot.waitFor(timeout: .seconds(60)) { Ops.posts($0).last?.issue == second }, "\(bot.stderr)")
        let reloaded = try #require(Ops.posts(bot).last)
        #expect(reloaded.text.contains("Outcome: "), "\(reloaded.text)")
        #expect(!reloaded.text.contains("Result: "))

        // A broken rewrite: the error is logged, naming the file and key, and the wording stays.
        try shipped.replacingOccurrences(of: "Result: {{value}}", with: "Broken: {{valeu}}")
            .write(toFile: "\(locales)/en.yaml", atomically: true, encoding: .utf8)
        bot.signal(SIGHUP)
        #expect(await bot.waitFor(timeout: .seconds(60)) { $0.stderr.contains("Locale reload failed, keeping the previous texts") }, "\(bot.stderr)")
        let failure = bot.stderr.split(separator: "\n").first { $0.contains("Locale reload failed") }.map(String.init) ?? ""
        #expect(failure.hasPrefix("[EN] error: "), "\(failure)")
        #expect(failure.contains("\(locales)/en.yaml:") && failure.contains("messages.result") && failure.contains("valeu"), "\(failure)")
        sim.state.publish()
        let third = sim.latestIssue
        #expect(await bot.waitFor(timeout: .seconds(60)) { Ops.posts($0).last?.issue == third }, "\(bot.stderr)")
        let kept = try #require(Ops.posts(bot).last)
        #expect(kept.text.contains("Outcome: "), "\(kept.text)")
        #expect(!kept.text.contains("Broken"))

        #expect(Ops.posts(bot).map(\.issue) == [second - 1, second, third])
        bot.signal(SIGTERM)
        #expect(await bot.waitForExit(timeout: ChildProcess.stopDeadline) == 0, "\(bot.stderr)")
        await sim.stop()
    }
}

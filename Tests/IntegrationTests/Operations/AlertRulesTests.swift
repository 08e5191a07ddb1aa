// SPDX-License-Identifier: Apache-2.0
import BotEngineTesting
import TestHarness
import Testing

/// deploy/prometheus/alerts.yml passes `promtool check rules`, and the unit tests of
/// Tests/Prometheus/alerts.test.yml show each alert firing and staying quiet when it should.
@Suite struct AlertRulesTests {
    @Test func promtoolChecksTheRules() async throws {
        let promtool = try DebianTool.require("promtool", package: "prometheus")
        let check = try ChildProcess(promtool, ["check", "rules", RepoPaths.root + "/deploy/prometheus/alerts.yml"])
        #expect(await check.waitForExit(timeout: .seconds(60)) == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("SUCCESS"), "\(check.stdout)")
    }

    @Test func promtoolUnitTestsOfEveryAlertPass() async throws {
        let promtool = try DebianTool.require("promtool", package: "prometheus")
        let tests = RepoPaths.root + "/Tests/Prometheus/alerts.test.yml"
        let run = try ChildProcess(promtool, ["test", "rules", tests])
        #expect(await run.waitForExit(timeout: .seconds(60)) == 0, "\(run.stdout)\(run.stderr)")

        // Every alert of the rules file has a case that fires and one that stays quiet.
        let rules = try String(contentsOfFile: RepoPaths.root + "/deploy/prometheus/alerts.yml", encoding: .utf8)
        let cases = try String(contentsOfFile: tests, encoding: .utf8)
        let names = rules.components(separatedBy: "- alert: ").dropFirst().map { String($0.prefix { !$0.isNewline }) }
        #expect(names.count >= 10)
        for name in names {
            let blocks = cases.components(separatedBy: "alertname: \(name)\n").dropFirst()
            let quiet = blocks.contains { $0.drop { $0 == " " }.hasPrefix("exp_alerts: []") }
            let fires = blocks.contains { $0.drop { $0 == " " }.hasPrefix("exp_alerts:\n") }
            #expect(quiet && fires, "\(name) needs a case where it fires and one where it stays quiet")
        }
    }
}

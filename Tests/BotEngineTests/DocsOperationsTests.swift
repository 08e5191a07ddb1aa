// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import Foundation
import Testing

/// The examples of docs/operations.md, "Metrics, health and status", are what the code does.
@Suite struct DocsOperationsTests {
    static let section = "Metrics, health and status"

    @Test func theMetricsExampleLoads() throws {
        let yaml = try #require(try DocsGameExampleTests.blocks("yaml", inSection: Self.section, of: "operations.md").first)
        let config = try BotConfig.parse(
            yaml: "locale: vi\nrole: reader\nupstream:\n  url: http://127.0.0.1:8080/api/draws\n" + yaml, file: "Config/vi.yaml")
        #expect(config.metrics.listen == ListenAddress(host: "127.0.0.1", port: 9464))
        #expect(config.log.summaryInterval == .seconds(300))
    }

    @Test func theStatusExampleIsWhatStatusPrints() throws {
        let text = try DocsGameExampleTests.page("operations.md")
        var fleet = FleetStatusTextTests.fleet
        fleet.locales.removeLast()
        fleet.snapshot.sequence = nil
        #expect(text.contains("```\n" + fleet.text() + "```\n"), "docs/operations.md's status example differs from:\n\(fleet.text())")
    }

    @Test func theSummaryExamplesAreWhatBotsLog() throws {
        let text = try DocsGameExampleTests.page("operations.md")
        var reader = SummaryCounts()
        reader.reads = 300
        reader.hits = 294
        reader.fallbacks = 6
        reader.posts = 150
        reader.lastIssue = 12345
        var master = SummaryCounts()
        master.writes = 150
        master.posts = 150
        master.lastIssue = 12345
        #expect(text.contains("[VI] " + reader.line(role: .reader, interval: .seconds(300)) + "\n"))
        #expect(text.contains("[EN] " + master.line(role: .master, interval: .seconds(300)) + "\n"))
    }
}

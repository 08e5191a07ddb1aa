// SPDX-License-Identifier: Apache-2.0
import BotEngineTesting
import Foundation
import TestHarness
import Testing

/// The shipped Grafana dashboard and alert rules against a real Prometheus scraping a real fleet:
/// a master and two readers with `metrics.listen`, a real redis-server and the simulator.
@Suite(.serialized) struct PrometheusFleetTests {
    @Test func everyPanelQueryAndAlertExpressionParsesAndFindsData() async throws {
        let fleet = try await BotProcessFleet.start()
        // A Telegram sink beside the console on one reader, so that the chat sinks' series (sends, budgets) exist too.
        let telegram = try await FakeChatServer.start()
        let chatSinks = TestBotConfig.console() + "\n  - type: telegram\n    token_env: FLEET_TG_TOKEN\n    chat_id: \"-100123\"\n"
            + "    api_base_url: \(telegram.baseURL)"
        let bots = try [
            fleet.bot("en", "master"), fleet.bot("vi", "reader", sinks: chatSinks, environment: ["FLEET_TG_TOKEN": "123:fleet-test-token"]),
            fleet.bot("ja", "reader"),
        ]
        let prometheus = try await PrometheusServer.start(targets: bots.map(\.target))
        #expect(await prometheus.waitFor("count(up{job=\"redgreen\"} == 1)") { $0 == 3 }, "targets not up: \(prometheus.process.stderr)")

        // Draws while Prometheus watches, so that rates and latency quantiles have something to show.
        for _ in 0..<3 {
            #expect(await fleet.publishAndWait(for: bots), "\(bots.map { $0.process.stderr })")
            try await Task.sleep(for: .seconds(2))
        }
        let scraped = "min(count_over_time(redgreen_leader{job=\"redgreen\"}[1m]))"
        #expect(await prometheus.waitFor(scraped) { $0 >= 8 }, "too few scrapes")
        #expect(await prometheus.waitFor("sum(redgreen_leader{job=\"redgreen\"})") { $0 == 1 })

        let dashboard = try Dashboard.load(RepoPaths.root + "/deploy/grafana/redgreen-fleet.json")
        #expect(dashboard.panels.count >= 15)
        for panel in dashboard.panels {
            #expect(!panel.expressions.isEmpty, "panel '\(panel.title)' has no query")
            for expression in panel.expressions {
                let answer = await prometheus.query(Dashboard.substitute(expression))
                #expect(answer.status == "success", "panel '\(panel.title)': \(expression): \(answer.error ?? answer.status)")
                #expect(answer.values.contains { $0.isFinite }, "panel '\(panel.title)': \(expression) returned no data: \(answer.values)")
            }
        }
        let locales = await prometheus.api("/api/v1/label/locale/values", ["match[]": dashboard.localeVariableSelector])
        #expect((locales?["data"] as? [String])?.sorted() == ["en", "ja", "vi"], "\(String(describing: locales))")

        // Prometheus loaded every alert rule of alerts.yml and evaluates each without error.
        let shipped =
            try String(contentsOfFile: RepoPaths.root + "/deploy/prometheus/alerts.yml", encoding: .utf8)
            .components(separatedBy: "- alert: ").count - 1
        var rules: [[String: Any]] = []
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let groups = ((await prometheus.api("/api/v1/rules"))?["data"] as? [String: Any])?["groups"] as? [[String: Any]] ?? []
            rules = groups.flatMap { $0["rules"] as? [[String: Any]] ?? [] }
            if rules.count == shipped && rules.allSatisfy({ $0["health"] as? String == "ok" }) { break }
            try await Task.sleep(for: .milliseconds(500))
        }
        #expect(shipped >= 10 && rules.count == shipped, "Prometheus loaded \(rules.count) of \(shipped) rules: \(prometheus.process.stderr)")
        for rule in rules {
            let name = rule["name"] as? String ?? "?"
            let expression = rule["query"] as? String ?? ""
            #expect(rule["health"] as? String == "ok", "\(name): \(rule["lastError"] ?? "")")
            #expect(await prometheus.query(expression).status == "success", "\(name): \(expression)")
            for metric in Dashboard.metricNames(in: expression) {
                let present = await prometheus.query("count(\(metric){job=\"redgreen\"})")
                #expect(present.values.first ?? 0 > 0, "\(name) reads \(metric), which no bot reports")
            }
            // A healthy fleet: nothing fires.
            #expect(rule["state"] as? String != "firing", "\(name) fires on a healthy fleet: \(rule)")
        }

        #expect(await fleet.stop(bots))
        await telegram.stop()
    }
}

/// The panels of a Grafana dashboard export and the queries of its targets.
struct Dashboard {
    struct Panel {
        var title: String
        var expressions: [String]
    }

    var panels: [Panel]
    var localeVariableSelector: String

    static func load(_ path: String) throws -> Dashboard {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any] ?? [:]
        let panels = (json["panels"] as? [[String: Any]] ?? []).map { panel in
            Panel(
                title: panel["title"] as? String ?? "?",
                expressions: (panel["targets"] as? [[String: Any]] ?? []).compactMap { $0["expr"] as? String })
        }
        let variables = (json["templating"] as? [String: Any])?["list"] as? [[String: Any]] ?? []
        let definition = variables.first { $0["name"] as? String == "locale" }?["definition"] as? String ?? ""
        // label_values(SELECTOR, locale)
        let selector = definition.replacingOccurrences(of: "label_values(", with: "").replacingOccurrences(of: ", locale)", with: "")
        return Dashboard(panels: panels, localeVariableSelector: selector)
    }

    /// `expression` as Grafana sends it with every locale selected and a one-minute rate window.
    static func substitute(_ expression: String) -> String {
        expression.replacingOccurrences(of: "$locale", with: ".*").replacingOccurrences(of: "$__rate_interval", with: "1m")
    }

    /// The metric names `expression` reads (`redgreen_…` and `up`), with histogram suffixes kept.
    static func metricNames(in expression: String) -> Set<String> {
        let pattern = try! NSRegularExpression(pattern: #"\b(redgreen_[a-z_]+|up)\s*\{"#)
        let range = NSRange(expression.startIndex..., in: expression)
        return Set(pattern.matches(in: expression, range: range).compactMap { Range($0.range(at: 1), in: expression).map { String(expression[$0]) } })
    }
}

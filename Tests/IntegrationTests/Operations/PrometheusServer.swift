// SPDX-License-Identifier: Apache-2.0
import BotEngineTesting
import CurlHTTP
import Foundation
import TestHarness

/// A real Prometheus (Debian's `prometheus` package) on a free loopback port, scraping the given
/// targets every second as job `redgreen` and evaluating the shipped alert rules, with its data in
/// a temporary directory. Stopped when the object goes away.
final class PrometheusServer: Sendable {
    let port: Int
    let process: ChildProcess

    /// Starts Prometheus and waits until it is ready (up to 60 s).
    static func start(targets: [String]) async throws -> PrometheusServer {
        let binary = try DebianTool.require("prometheus", package: "prometheus")
        let dir = try BotBinary.temporaryDirectory()
        let config = """
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files:
              - \(RepoPaths.root)/deploy/prometheus/alerts.yml
            scrape_configs:
              - job_name: redgreen
                static_configs:
                  - targets: [\(targets.map { "'\($0)'" }.joined(separator: ", "))]

            """
        try config.write(toFile: "\(dir)/prometheus.yml", atomically: true, encoding: .utf8)
        let port = try FreePort.next()
        let process = try ChildProcess(
            binary,
            [
                "--config.file=\(dir)/prometheus.yml", "--storage.tsdb.path=\(dir)/data", "--web.listen-address=127.0.0.1:\(port)",
                "--log.level=warn",
            ])
        let server = PrometheusServer(port: port, process: process)
        let ready = await Ops.poll("http://127.0.0.1:\(port)/-/ready", timeout: .seconds(60)) { status, _ in status == 200 }
        guard ready?.status == 200 else { throw NotReady(log: process.stderr) }
        return server
    }

    private init(port: Int, process: ChildProcess) {
        self.port = port
        self.process = process
    }

    deinit { process.signal(SIGTERM) }

    struct NotReady: Error, CustomStringConvertible {
        var log: String
        var description: String { "Prometheus did not become ready within 60 s: \(log)" }
    }

    /// The answer of an HTTP API call, decoded (`/api/v1/query?query=…`), or nil when Prometheus
    /// does not answer with JSON.
    func api(_ path: String, _ parameters: [String: String] = [:]) async -> [String: Any]? {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let query = parameters.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
        guard let answer = await Ops.get("http://127.0.0.1:\(port)\(path)\(query.isEmpty ? "" : "?" + query)") else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(answer.body.utf8))) as? [String: Any]
    }

    /// An instant query: `status` (`success` or `error`), the error if any, and each result's value.
    func query(_ expression: String) async -> (status: String, error: String?, values: [Double]) {
        guard let json = await api("/api/v1/query", ["query": expression]) else { return ("no answer", nil, []) }
        let status = json["status"] as? String ?? "?"
        let results = ((json["data"] as? [String: Any])?["result"] as? [[String: Any]]) ?? []
        let values = results.compactMap { ($0["value"] as? [Any])?.last as? String }.compactMap(Double.init)
        return (status, json["error"] as? String, values)
    }

    /// Waits up to `timeout` until `expression` has a result whose value passes `condition`.
    func waitFor(_ expression: String, timeout: Duration = .seconds(60), _ condition: (Double) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if await query(expression).values.contains(where: condition) { return true }
            try? await Task.sleep(for: .milliseconds(250))
        }
        return false
    }
}

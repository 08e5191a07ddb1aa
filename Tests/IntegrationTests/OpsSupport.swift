// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import CurlHTTP
import Foundation
import TestHarness

/// Configs, HTTP and metrics parsing for the tests of the operations features (metrics, health,
/// status, summary, reload, secrets).
enum Ops {
    /// Writes `<dir>/<code>.yaml` for a bot whose Redis and game API come from the environment
    /// (`REDIS_URL`, `REDGREEN_UPSTREAM_URL`), calling the game API once a poll; `extra` is appended
    /// at the top level.
    static func writeConfig(
        code: String, role: String, dir: String, localesDir: String = RepoPaths.locales, sinks: String = TestBotConfig.console(), extra: String = ""
    ) throws -> String {
        var config = TestBotConfig(code: code, role: role)
        config.localesDir = localesDir
        config.sinks = sinks
        config.upstream = TestBotConfig.retry(attempts: 1)
        config.extra = extra
        return try config.write(in: dir)
    }

    /// `metrics:` and `log:` blocks for a bot serving on `port`, summarizing every `summary`.
    static func operations(port: Int, summary: String = "1s") -> String {
        "metrics:\n  listen: 127.0.0.1:\(port)\nlog:\n  summary_interval: \(summary)"
    }

    /// GETs `url`; nil when nothing answers.
    static func get(_ url: String) async -> (status: Int, body: String)? {
        let client = CurlHTTPClient(userAgent: "ops-test")
        guard let response = try? await client.execute(HTTPRequest(url: url, connectTimeout: .seconds(10), timeout: .seconds(30))) else { return nil }
        return (response.status, String(decoding: response.body, as: UTF8.self))
    }

    /// GETs `url` until `condition` holds of the answer, for up to `timeout`; the last answer.
    static func poll(
        _ url: String, timeout: Duration = .seconds(20), until condition: (Int, String) -> Bool
    ) async -> (status: Int, body: String)? {
        let deadline = ContinuousClock.now + timeout
        var last: (status: Int, body: String)?
        while ContinuousClock.now < deadline {
            last = await get(url)
            if let last, condition(last.status, last.body) { return last }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return last
    }

    /// The post records a bot printed (console sink, `format: json`).
    static func posts(_ child: ChildProcess) -> [PostRecord] { MultiProcessTests.posts(child) }

    /// Runs `redgreen-bot` with `arguments` to its end; its exit status and output.
    static func run(
        _ arguments: [String], environment: [String: String] = [:], timeout: Duration = .seconds(60)
    ) async throws -> (status: Int32?, stdout: String, stderr: String) {
        let child = try ChildProcess(try BotBinary.require(), arguments, environment: environment)
        let status = await child.waitForExit(timeout: timeout)
        return (status, child.stdout, child.stderr)
    }
}

/// One sample of the Prometheus text format: `name{label="value",…} 1.5`.
struct MetricSample: Equatable {
    var name: String
    var labels: [String: String]
    var value: Double

    /// The samples of a `/metrics` body (comments skipped).
    static func parse(_ text: String) -> [MetricSample] {
        text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#"), let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { return nil }
            let series = line[..<space]
            guard let brace = series.firstIndex(of: "{") else { return MetricSample(name: String(series), labels: [:], value: value) }
            var labels: [String: String] = [:]
            let body = series[series.index(after: brace)..<(series.lastIndex(of: "}") ?? series.endIndex)]
            for pair in body.split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { continue }
                labels[String(parts[0])] = String(parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
            }
            return MetricSample(name: String(series[..<brace]), labels: labels, value: value)
        }
    }
}

extension Array where Element == MetricSample {
    /// The first sample of `name` whose labels include `labels`.
    func sample(_ name: String, _ labels: [String: String] = [:]) -> MetricSample? {
        first { sample in sample.name == name && labels.allSatisfy { key, value in sample.labels[key] == value } }
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import Foundation

/// A bot's config file as the tests write it: the one place that knows how, with the defaults the
/// tests share (Redis and the game API replaced from the environment, `REDIS_URL` and
/// `REDGREEN_UPSTREAM_URL`; timeouts that a healthy request on a loaded machine does not reach;
/// JSON lines on the console) and what a test changes.
///
/// Blocks a test adds (`top`, `upstream`, `redis`, `extra`) are YAML already indented for their
/// place; the file has no blank lines, so a line number in an error message is the same each time.
struct TestBotConfig {
    var code: String
    var role: String
    var localesDir = RepoPaths.locales
    /// Top-level lines right after `role:` (`game_type: RG1M`).
    var top = ""
    var upstreamURL = "http://127.0.0.1:1/replaced-by-environment"
    var pollInterval: String? = "200ms"
    var upstreamTimeout = "10s"
    /// Lines inside `upstream:` after its `timeout:` (`  preset: list`).
    var upstream = ""
    /// The lines inside `redis:` before its `timeout:`.
    var redis = "  url: redis://127.0.0.1:1"
    var redisTimeout = "5s"
    /// `shared.lease`, when set.
    var lease: String?
    /// `shared.freshness`, when set.
    var freshness: String?
    /// `shared.handover_after`, when set.
    var handoverAfter: String?
    /// More lines inside `shared:`, each indented (`  advertise: http://127.0.0.1:9464`).
    var shared: [String] = []
    /// The items of `sinks:`, each already indented (`  - type: console`); empty for none.
    var sinks = Self.console()
    /// Top-level blocks at the end (`metrics:`, `delivery:`).
    var extra = ""

    init(code: String, role: String) {
        self.code = code
        self.role = role
    }

    /// A console sink printing `format` (JSON lines by default: see `MultiProcessTests.posts`).
    static func console(format: String = "json") -> String { "  - type: console\n    format: \(format)" }

    /// A webhook sink posting to `url`.
    static func webhook(_ url: String) -> String { "  - type: webhook\n    url: \(url)" }

    /// A `retry:` block inside `upstream:`.
    static func retry(attempts: Int, base: String = "100ms", max: String = "400ms") -> String {
        attempts == 1 ? "  retry:\n    max_attempts: 1" : "  retry:\n    max_attempts: \(attempts)\n    base_delay: \(base)\n    max_delay: \(max)"
    }

    /// The file's text.
    var yaml: String {
        var lines = ["locale: \(code)", "locales_dir: \(localesDir)", "role: \(role)", top, "upstream:", "  url: \(upstreamURL)"]
        if let pollInterval { lines.append("  poll_interval: \(pollInterval)") }
        lines += ["  timeout: \(upstreamTimeout)", upstream, "redis:", redis, "  timeout: \(redisTimeout)"]
        let shared =
            [lease.map { "  lease: \($0)" }, freshness.map { "  freshness: \($0)" }, handoverAfter.map { "  handover_after: \($0)" }]
            .compactMap { $0 } + self.shared
        if !shared.isEmpty { lines += ["shared:"] + shared }
        if !sinks.isEmpty { lines += ["sinks:", sinks] }
        lines.append(extra)
        return lines.filter { !$0.isEmpty }.joined(separator: "\n") + "\n"
    }

    /// Writes `<dir>/<code>.yaml`; returns its path.
    @discardableResult
    func write(in dir: String) throws -> String {
        let path = "\(dir)/\(code).yaml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Parses the text as if read from `file` (secrets named by `*_env` from `environment`), for
    /// bots assembled in the test process.
    func parse(asFile file: String, environment: [String: String] = [:]) throws -> BotConfig {
        try BotConfig.parse(yaml: yaml, file: file, environment: environment)
    }
}

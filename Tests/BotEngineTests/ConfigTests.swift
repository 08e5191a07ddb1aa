// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotSupport
import Foundation
import Testing

@Suite struct ConfigTests {
    @Test(arguments: LocaleTests.shipped)
    func shippedConfigLoads(code: String) throws {
        let config = try BotConfig.load(path: "\(RepoPaths.config)/\(code).yaml", environment: [:])
        #expect(config.locale == code)
        #expect(config.role == (code == "en" ? .master : .reader))
        #expect(config.upstream.timeout == .seconds(10))
        #expect(config.redis.timeout == .seconds(5))
        #expect(config.shared.key == "fivem_red_green_shared_data")
        #expect(config.shared.legacyKey == "api_response")
        #expect(config.shared.ttl == .seconds(300))
        #expect(config.shared.freshness == .seconds(10))
        #expect(config.redis.password == nil)
    }

    static let base = """
        locale: vi
        role: reader
        upstream:
          url: http://127.0.0.1:8080/api/draws

        """

    func parse(_ yaml: String, env: [String: String] = [:]) throws(FileError) -> BotConfig {
        try BotConfig.parse(yaml: yaml, file: "Config/test.yaml", environment: env)
    }

    @Test func minimalConfigTakesDefaults() throws {
        let config = try parse(Self.base)
        #expect(config.upstream.pollInterval == .seconds(2))
        #expect(config.posting.maxCatchUp == 10)
        #expect(config.sinks == [.console(format: .text)])
        #expect(config.gameType == "RG5M")
        #expect(config.localesDirectory == "Locales")
    }

    @Test func environmentOverridesURLs() throws {
        let config = try parse(Self.base, env: ["REDIS_URL": "redis://10.0.0.9:6380", "REDGREEN_UPSTREAM_URL": "http://game.example/api"])
        #expect(config.redis.url == "redis://10.0.0.9:6380")
        #expect(config.upstream.url == "http://game.example/api")
    }

    @Test func passwordComesFromTheNamedVariable() throws {
        let config = try parse(Self.base + "redis:\n  password_env: MY_PW\n", env: ["MY_PW": "s3cret"])
        #expect(config.redis.password?.value == "s3cret")
        #expect("\(config.redis.password!)" == "***")
    }

    @Test func handoverAfterDefaultsToFivePollIntervalsAndAtLeast30s() throws {
        #expect(try parse(Self.base).handoverAfter == .seconds(30))
        #expect(try parse(Self.base.replacingOccurrences(of: "draws\n", with: "draws\n  poll_interval: 10s\n")).handoverAfter == .seconds(50))
        let set = try parse(Self.base + "shared:\n  handover_after: 12s\n")
        #expect(set.handoverAfter == .seconds(12))
        #expect(set.probeInterval == .seconds(6))
    }

    @Test func sharedHistoryDefaultsTo1000Draws() throws {
        #expect(try parse(Self.base).shared.history == 1000)
        #expect(try parse(Self.base + "shared:\n  history: 200\n").shared.history == 200)
    }

    @Test func passwordComesFromTheNamedFile() throws {
        let path = NSTemporaryDirectory() + "/pw-\(UUID().uuidString)"
        try "from-file\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let config = try parse(Self.base + "redis:\n  password_file: \(path)\n")
        #expect(config.redis.password?.value == "from-file")
    }

    typealias Bad = BadConfig

    static let bad: [Bad] = [
        Bad(yaml: "role: reader\nupstream:\n  url: http://x/\n", key: "locale", code: .missingKey),
        Bad(yaml: base.replacingOccurrences(of: "role: reader", with: "role: boss"), key: "role", code: .invalidValue),
        Bad(yaml: base + "redis:\n  timeout: fast\n", key: "redis.timeout", code: .invalidValue),
        Bad(yaml: base + "redis:\n  pasword_env: X\n", key: "redis.pasword_env", code: .unknownKey),
        Bad(yaml: base + "redis:\n  password: hunter2\n", key: "redis.password", code: .secretInFile),
        Bad(yaml: base + "redis:\n  url: redis://user:hunter2@host:6379\n", key: "redis.url", code: .secretInFile),
        Bad(yaml: base + "redis:\n  password_file: /nonexistent/pw\n", key: "redis.password_file", code: .unreadable),
        Bad(yaml: base + "shared:\n  ttl: 5s\n  freshness: 10s\n", key: "shared.freshness", code: .invalidValue),
        Bad(yaml: base + "shared:\n  handover_after: 2s\n", key: "shared.handover_after", code: .invalidValue),
        Bad(yaml: base + "shared:\n  handover_after: soon\n", key: "shared.handover_after", code: .invalidValue),
        Bad(yaml: base + "sinks:\n  - type: console\n    format: xml\n", key: "sinks[0].format", code: .invalidValue),
        Bad(yaml: base + "sinks:\n  - type: pager\n", key: "sinks[0].type", code: .invalidValue),
        Bad(yaml: base + "posting:\n  max_catch_up: 0\n", key: "posting.max_catch_up", code: .invalidValue),
        Bad(yaml: base + "shared:\n  history: 0\n", key: "shared.history", code: .invalidValue),
        Bad(yaml: base + "shared:\n  history: lots\n", key: "shared.history", code: .wrongType),
        Bad(yaml: base.replacingOccurrences(of: "http://127.0.0.1:8080/api/draws", with: "ftp://x/"), key: "upstream.url", code: .invalidValue),
        Bad(yaml: base + "extra: 1\n", key: "extra", code: .unknownKey),
        Bad(yaml: "locale: vi\n  role: [\n", key: "", code: .syntax),
    ]

    @Test(arguments: bad)
    func badConfigNamesFileAndKey(_ bad: Bad) {
        let error = #expect(throws: FileError.self) { try parse(bad.yaml) }
        #expect(error?.file == "Config/test.yaml")
        #expect(error?.key == bad.key)
        #expect(error?.code == bad.code)
        #expect(error?.description.contains("hunter2") == false)
    }

    @Test func errorsCarryTheLine() {
        let error = #expect(throws: FileError.self) { try parse(Self.base + "redis:\n  timeout: fast\n") }
        #expect(error?.line == 6)
        #expect(error?.description.hasPrefix("Config/test.yaml:6: redis.timeout:") == true)
    }

    @Test func missingFileIsAClearError() {
        let error = #expect(throws: FileError.self) { try BotConfig.load(path: "/nonexistent/bot.yaml") }
        #expect(error?.code == .unreadable)
        #expect(error?.file == "/nonexistent/bot.yaml")
    }
}

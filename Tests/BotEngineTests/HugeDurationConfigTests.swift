// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotSupport
import Testing

/// Durations past any sense in a config (issue 19): `upstream.timeout: 99999999999999999999h` and
/// `shared.ttl: 9300000000000000s` crashed the bot (SIGILL) instead of naming the key.
@Suite struct HugeDurationConfigTests {
    static let base = "locale: vi\nrole: reader\nupstream:\n  url: http://127.0.0.1:8080/api/draws\n"

    @Test(arguments: [
        ("upstream:\n  url: http://127.0.0.1:8080/api/draws\n  timeout: 99999999999999999999h\n", "upstream.timeout"),
        ("shared:\n  ttl: 9300000000000000s\n", "shared.ttl"),
        ("shared:\n  freshness: 1\(String(repeating: "0", count: 400))ms\n", "shared.freshness"),
        ("redis:\n  timeout: 8761h\n", "redis.timeout"),
        ("delivery:\n  retention: 99999999999999999999m\n", "delivery.retention"),
    ])
    func aDurationPastAYearNamesItsKey(_ yaml: String, key: String) {
        let text = yaml.hasPrefix("upstream:") ? "locale: vi\nrole: reader\n" + yaml : Self.base + yaml
        let error = #expect(throws: FileError.self) { try BotConfig.parse(yaml: text, file: "Config/huge.yaml", environment: [:]) }
        #expect(error?.key == key)
        #expect(error?.code == .invalidValue)
        #expect(error?.message.hasPrefix("must be at most 8760h, got ") == true, "\(error?.description ?? "")")
    }

    @Test func theLongestDurationStillLoads() throws {
        let config = try BotConfig.parse(yaml: Self.base + "shared:\n  ttl: 8760h\n", file: "Config/huge.yaml", environment: [:])
        #expect(config.shared.ttl == .longest)
        #expect(DurationText.parse("8760h") == .longest)
        #expect(DurationText.parse("8760h1ms") == nil)
        #expect(DurationText.seconds("8760h1ms") != nil)
    }
}

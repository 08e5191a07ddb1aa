// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotSupport
import Testing

/// `metrics.listen` and `log.summary_interval`.
@Suite struct OperationsConfigTests {
    func parse(_ extra: String) throws(FileError) -> BotConfig {
        try BotConfig.parse(
            yaml: """
                locale: vi
                role: reader
                upstream:
                  url: http://127.0.0.1:8080/api/draws
                \(extra)
                """, file: "Config/vi.yaml")
    }

    @Test func metricsAreOffAndTheSummaryComesEveryFiveMinutesByDefault() throws {
        let config = try parse("")
        #expect(config.metrics.listen == nil)
        #expect(config.log.summaryInterval == .seconds(300))
    }

    @Test(arguments: [
        ("127.0.0.1:9464", ListenAddress(host: "127.0.0.1", port: 9464)),
        ("0.0.0.0:9465", ListenAddress(host: "0.0.0.0", port: 9465)),
        ("localhost:0", ListenAddress(host: "localhost", port: 0)),
        ("\"[::1]:9464\"", ListenAddress(host: "::1", port: 9464)),
    ])
    func listenAddresses(text: String, address: ListenAddress) throws {
        let config = try parse("metrics:\n  listen: \(text)\nlog:\n  summary_interval: 30s")
        #expect(config.metrics.listen == address)
        #expect(config.log.summaryInterval == .seconds(30))
    }

    @Test(arguments: ["9464", "127.0.0.1", "127.0.0.1:99999", "127.0.0.1:http", ":9464", "::1:9464"])
    func badListenAddressesNameTheKeyAndLine(text: String) {
        let error = #expect(throws: FileError.self) { try parse("metrics:\n  listen: \"\(text)\"") }
        #expect(error?.key == "metrics.listen")
        #expect(error?.line == 6)
        #expect(error?.message.contains("127.0.0.1:9464") == true)
    }

    @Test func unknownKeysAndShortIntervalsAreErrors() {
        #expect(throws: FileError.self) { try parse("metrics:\n  port: 9464") }
        let error = #expect(throws: FileError.self) { try parse("log:\n  summary_interval: 10ms") }
        #expect(error?.key == "log.summary_interval")
    }

    @Test func addressesPrintAsTheyAreWritten() {
        #expect(ListenAddress(host: "::1", port: 9464).description == "[::1]:9464")
        #expect(ListenAddress(host: "127.0.0.1", port: 9464).description == "127.0.0.1:9464")
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotSupport
import Foundation
import Testing

/// The keys of issue 16 that say where in a chat a sink posts and when silently:
/// `message_thread_id`, `thread_id`, `thread_name`, `quiet_hours`, and `delivery.max_age` and
/// `delivery.lost_chat_retry`.
@Suite struct ChannelConfigTests {
    let env = ["TG": "1:abc", "DC": "https://discord.example/api/webhooks/1/x"]

    func parse(_ sinks: String, delivery: String = "") throws(FileError) -> BotConfig {
        try BotConfig.parse(yaml: SinkConfigTests.base + sinks + delivery, file: "Config/t.yaml", environment: env)
    }

    @Test func topicsThreadsAndQuietHoursLoad() throws {
        let config = try parse(
            """
              - type: telegram
                token_env: TG
                chat_id: "-1001234567890"
                message_thread_id: 42
                quiet_hours: {from: "23:00", to: "07:00"}
              - type: discord
                webhook_url_env: DC
                thread_id: "1234567890123456789"
              - type: discord
                webhook_url_env: DC
                thread_name: Results
                quiet_hours: {from: "0:30", to: "06:15"}
              - type: webhook
                url: http://127.0.0.1:9/hook
                quiet_hours: {from: "22:00", to: "23:00"}

            """,
            delivery: "delivery:\n  max_age: 2m\n  lost_chat_retry: 1m\n")
        guard case .telegram(let telegram) = config.sinks[0], case .discord(let thread) = config.sinks[1],
            case .discord(let forum) = config.sinks[2], case .webhook(let hook) = config.sinks[3]
        else {
            Issue.record("unexpected sinks \(config.sinks)")
            return
        }
        #expect(telegram.messageThreadID == 42)
        #expect(telegram.quietHours == QuietHours(fromMinute: 23 * 60, toMinute: 7 * 60))
        #expect(thread.threadID == "1234567890123456789" && thread.threadName == nil)
        #expect(forum.threadName == "Results" && forum.threadID == nil)
        #expect(forum.quietHours == QuietHours(fromMinute: 30, toMinute: 6 * 60 + 15))
        #expect(hook.quietHours == QuietHours(fromMinute: 22 * 60, toMinute: 23 * 60))
        #expect(config.delivery.maxAge == .seconds(120))
        #expect(config.delivery.lostChatRetry == .seconds(60))
        #expect(DeliverySettings().maxAge == .seconds(600))
    }

    typealias Bad = BadConfig
    static let telegram = "  - type: telegram\n    token_env: TG\n    chat_id: \"1\"\n"
    static let discord = "  - type: discord\n    webhook_url_env: DC\n"

    static let bad: [Bad] = [
        Bad(yaml: telegram + "    message_thread_id: general\n", key: "sinks[0].message_thread_id", code: .wrongType),
        Bad(yaml: telegram + "    message_thread_id: 0\n", key: "sinks[0].message_thread_id", code: .invalidValue),
        Bad(
            yaml: telegram + "    quiet_hours: {from: \"25:00\", to: \"07:00\"}\n", key: "sinks[0].quiet_hours.from", code: .invalidValue,
            mentions: "HH:MM"),
        Bad(
            yaml: telegram + "    quiet_hours: {from: \"23:00\", to: \"7pm\"}\n", key: "sinks[0].quiet_hours.to", code: .invalidValue,
            mentions: "HH:MM"),
        Bad(yaml: telegram + "    quiet_hours: {from: \"23:00\"}\n", key: "sinks[0].quiet_hours", code: .missingKey, mentions: "to is required"),
        Bad(yaml: telegram + "    quiet_hours: {from: \"23:00\", to: \"23:00\"}\n", key: "sinks[0].quiet_hours", code: .invalidValue),
        Bad(yaml: telegram + "    quiet_hours: {from: \"23:00\", to: \"07:00\", zone: UTC}\n", key: "sinks[0].quiet_hours.zone", code: .unknownKey),
        Bad(yaml: telegram + "    quiet_hours: night\n", key: "sinks[0].quiet_hours", code: .wrongType),
        Bad(yaml: discord + "    thread_id: general\n", key: "sinks[0].thread_id", code: .invalidValue),
        Bad(yaml: discord + "    thread_id: \"1\"\n    thread_name: Results\n", key: "sinks[0]", code: .invalidValue, mentions: "not both"),
        Bad(yaml: discord + "    thread_name: \"\(String(repeating: "x", count: 101))\"\n", key: "sinks[0].thread_name", code: .invalidValue),
        Bad(yaml: "  - type: console\n    quiet_hours: {from: \"23:00\", to: \"07:00\"}\n", key: "sinks[0].quiet_hours", code: .invalidValue),
        Bad(yaml: telegram + "delivery:\n  max_age: 0s\n", key: "delivery.max_age", code: .invalidValue),
        Bad(yaml: telegram + "delivery:\n  lost_chat_retry: soon\n", key: "delivery.lost_chat_retry", code: .invalidValue),
    ]

    @Test(arguments: bad)
    func badKeysAreNamed(_ bad: Bad) {
        let error = #expect(throws: FileError.self) { try parse(bad.yaml) }
        #expect(error?.key == bad.key, "\(error?.description ?? "")")
        #expect(error?.code == bad.code, "\(error?.description ?? "")")
        #expect(bad.mentions.isEmpty || error?.description.contains(bad.mentions) == true, "\(error?.description ?? "")")
    }

    static func millis(_ iso: String) -> Int64 {
        Int64(ISO8601DateFormatter().date(from: iso)!.timeIntervalSince1970 * 1000)
    }

    @Test(arguments: [
        ("2026-06-01T13:59:00Z", false), ("2026-06-01T14:00:00Z", true), ("2026-06-01T18:00:00Z", true), ("2026-06-01T21:59:00Z", true),
        ("2026-06-01T22:00:00Z", false), ("2026-06-01T05:00:00Z", false),
    ])
    func quietHoursCrossMidnightInTheBotsZone(time: String, quiet: Bool) {
        // 23:00 to 07:00 in Tokyo (UTC+9) is 14:00 to 22:00 UTC.
        let hours = QuietHours(fromMinute: 23 * 60, toMinute: 7 * 60)
        #expect(hours.contains(millis: Self.millis(time), timeZone: TimeZone(identifier: "Asia/Tokyo")!) == quiet)
    }

    @Test(arguments: [
        // New York falls back on 2026-11-01 at 06:00 UTC (02:00 EDT becomes 01:00 EST).
        ("2026-10-31T11:30:00Z", false),  // 07:30 EDT
        ("2026-10-31T10:30:00Z", true),  // 06:30 EDT
        ("2026-11-01T11:30:00Z", true),  // 06:30 EST: quiet, though 07:30 at the summer offset
        ("2026-11-01T12:30:00Z", false),  // 07:30 EST
        ("2026-11-01T04:30:00Z", true),  // 00:30 EDT
    ])
    func quietHoursFollowDaylightSavingTime(time: String, quiet: Bool) {
        let hours = QuietHours(fromMinute: 23 * 60, toMinute: 7 * 60)
        #expect(hours.contains(millis: Self.millis(time), timeZone: TimeZone(identifier: "America/New_York")!) == quiet)
    }
}

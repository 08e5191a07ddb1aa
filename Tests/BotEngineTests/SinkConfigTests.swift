// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotSupport
import Testing

@Suite struct SinkConfigTests {
    static let base = "locale: vi\nrole: reader\nupstream:\n  url: http://127.0.0.1:8080/api/draws\nsinks:\n"

    func parse(_ sinks: String, env: [String: String] = [:]) throws(FileError) -> BotConfig {
        try BotConfig.parse(yaml: Self.base + sinks, file: "Config/t.yaml", environment: env)
    }

    @Test func telegramDiscordAndWebhookSinksLoadWithSecretsFromTheEnvironment() throws {
        let config = try parse(
            """
              - type: telegram
                token_env: TG_TOKEN
                chat_id: "@channel"
                disable_notification: true
              - type: telegram
                token_env: TG_TOKEN
                chat_id: -1001234567890
                parse_mode: none
              - type: discord
                webhook_url_env: DC_HOOK
                username: RedGreen
              - type: webhook
                url: http://127.0.0.1:9/hook
                secret_env: HOOK_KEY
              - type: console
                format: json

            """,
            env: ["TG_TOKEN": "1:abc", "DC_HOOK": "https://discord.example/api/webhooks/1/x", "HOOK_KEY": "k"]
        )
        #expect(config.sinks.map(\.name) == ["telegram", "telegram-2", "discord", "webhook", "console"])
        guard case .telegram(let first) = config.sinks[0], case .telegram(let second) = config.sinks[1] else {
            Issue.record("expected telegram sinks")
            return
        }
        #expect(first.token.value == "1:abc")
        #expect(first.disableNotification)
        #expect(first.parseMode == .html)
        #expect(first.apiBaseURL == "https://api.telegram.org")
        #expect(second.chatID == "-1001234567890")
        #expect(second.parseMode == .none)
        #expect("\(first.token)" == "***")
    }

    typealias Bad = BadConfig

    static let bad: [Bad] = [
        Bad(yaml: "  - type: telegram\n    token: 1:abcdef\n    chat_id: \"1\"\n", key: "sinks[0].token", code: .secretInFile),
        Bad(yaml: "  - type: telegram\n    token_env: NOT_SET\n    chat_id: \"1\"\n", key: "sinks[0].token_env", code: .missingKey),
        Bad(yaml: "  - type: telegram\n    token_env: TG\n    chat_id: somebody\n", key: "sinks[0].chat_id", code: .invalidValue),
        Bad(yaml: "  - type: telegram\n    token_env: TG\n", key: "sinks[0]", code: .missingKey),
        Bad(yaml: "  - type: discord\n    webhook_url: https://discord.example/api/webhooks/1/x\n", key: "sinks[0].webhook_url", code: .secretInFile),
        Bad(yaml: "  - type: discord\n", key: "sinks[0]", code: .missingKey),
        Bad(yaml: "  - type: webhook\n    url: ftp://x\n", key: "sinks[0].url", code: .invalidValue),
        Bad(yaml: "  - type: webhook\n    url: http://x/\n    secret: shh\n", key: "sinks[0].secret", code: .secretInFile),
        Bad(yaml: "  - type: console\n    name: a\n  - type: console\n    name: a\n", key: "sinks[1].name", code: .invalidValue),
        Bad(yaml: "  - type: slack\n", key: "sinks[0].type", code: .invalidValue),
    ]

    @Test(arguments: bad)
    func badSinksNameTheKey(_ bad: Bad) {
        let error = #expect(throws: FileError.self) { try parse(bad.yaml, env: ["TG": "1:abc"]) }
        #expect(error?.key == bad.key, "\(error?.description ?? "")")
        #expect(error?.code == bad.code)
        #expect(error?.description.contains("1:abcdef") == false)
    }

    @Test func deliverySettings() throws {
        let config = try BotConfig.parse(
            yaml: Self.base + "  - type: console\ndelivery:\n  ledger: memory\n  max_attempts: 3\n  claim_ttl: 30s\n", file: "t.yaml"
        )
        #expect(config.delivery.ledger == .memory)
        #expect(config.delivery.maxAttempts == 3)
        #expect(config.delivery.claimTTL == .seconds(30))
    }
}

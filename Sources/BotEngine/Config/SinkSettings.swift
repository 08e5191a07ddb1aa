// SPDX-License-Identifier: Apache-2.0
import BotSupport
/// One sink of a bot, as its config describes it. Secrets (bot tokens, webhook URLs that carry a
/// token, signing keys) are resolved at load time from the environment or a file.
package enum SinkSettings: Sendable, Equatable {
    /// Standard output, as text or as one JSON object a line.
    case console(format: ConsoleFormat, name: String = "console")
    /// A Telegram chat through the Bot API's `sendMessage`.
    case telegram(TelegramSinkSettings)
    /// A Discord channel through a webhook.
    case discord(DiscordSinkSettings)
    /// An HTTP endpoint that receives each post as JSON.
    case webhook(WebhookSinkSettings)

    /// The sink's name in logs and in the delivery ledger: `name` from config, else its type
    /// (with `-2`, `-3`, … when a bot has several of one type).
    package var name: String {
        switch self {
        case .console(_, let name): name
        case .telegram(let settings): settings.name
        case .discord(let settings): settings.name
        case .webhook(let settings): settings.name
        }
    }

    /// The sink's `board:` settings, if it keeps a live board.
    package var board: BoardSettings? {
        switch self {
        case .telegram(let settings): settings.board
        case .discord(let settings): settings.board
        case .console, .webhook: nil
        }
    }

    /// The sink's `trend:` settings, if it posts the trend picture.
    package var trend: TrendSettings? {
        switch self {
        case .console: nil
        case .telegram(let settings): settings.trend
        case .discord(let settings): settings.trend
        case .webhook(let settings): settings.trend
        }
    }
}

/// The console sink's output shape.
package enum ConsoleFormat: String, Sendable, CaseIterable {
    case text, json
}

/// A Telegram chat.
package struct TelegramSinkSettings: Sendable, Equatable {
    /// Ledger and log name.
    package var name: String
    /// The bot token, from `token_env` or `token_file`.
    package var token: Secret
    /// A numeric chat id (`-1001234567890`) or a public channel (`@channel`).
    package var chatID: String
    /// The Bot API server; a self-hosted Bot API server works too.
    package var apiBaseURL = "https://api.telegram.org"
    /// `HTML` (the default) or `none` (plain text).
    package var parseMode: ParseMode = .html

    /// How Telegram reads a message (`parse_mode`).
    package enum ParseMode: String, Sendable, CaseIterable {
        /// Telegram's HTML.
        case html = "HTML"
        /// Plain text.
        case none

        /// The Bot API's `parse_mode` value, or nil for plain text.
        package var apiValue: String? { self == .html ? rawValue : nil }
    }
    /// Post silently.
    package var disableNotification = false
    /// The forum topic posted into (`message_thread_id`), if any.
    package var messageThreadID: Int64?
    /// `protect_content`: posts cannot be forwarded or saved.
    package var protectContent = false
    /// `telegram.time_entity`: `{{time}}` and `{{date}}` are sent as `date_time` entities (Bot API 9.5).
    package var timeEntity = false
    /// Posts in this daily window go out silently.
    package var quietHours: QuietHours?
    /// Posts the trend picture with `sendPhoto` when set.
    package var trend: TrendSettings?
    /// Keeps a live board in the chat (`board: {pin: true}`) when set.
    package var board: BoardSettings?

    /// Settings for `chatID`, with the token already resolved.
    package init(name: String, token: Secret, chatID: String, apiBaseURL: String = "https://api.telegram.org") {
        self.name = name
        self.token = token
        self.chatID = chatID
        self.apiBaseURL = apiBaseURL
    }
}

/// A Discord webhook.
package struct DiscordSinkSettings: Sendable, Equatable {
    /// Ledger and log name.
    package var name: String
    /// The webhook URL (it holds the webhook's token), from `webhook_url_env` or `webhook_url_file`.
    package var webhookURL: Secret
    /// Overrides the webhook's user name.
    package var username: String?
    /// An existing thread posted into (`thread_id`), if any.
    package var threadID: String?
    /// The forum post created once and then posted into (`thread_name`), if any.
    package var threadName: String?
    /// Posts in this daily window go out silently (`flags: 4096`).
    package var quietHours: QuietHours?
    /// Posts the trend picture as an attached file when set.
    package var trend: TrendSettings?
    /// Keeps a live board in the channel (`board: true`) when set.
    package var board: BoardSettings?

    /// Settings for a webhook URL already resolved.
    package init(name: String, webhookURL: Secret, username: String? = nil) {
        self.name = name
        self.webhookURL = webhookURL
        self.username = username
    }
}

/// A generic JSON webhook.
package struct WebhookSinkSettings: Sendable, Equatable {
    /// Ledger and log name.
    package var name: String
    /// Where posts are sent, from `url` or `url_env`.
    package var url: Secret
    /// A key for the HMAC-SHA256 signature of the body, from `secret_env` or `secret_file`.
    package var signingSecret: Secret?
    /// The header that carries `sha256=<hex>`.
    package var signatureHeader = "X-RedGreen-Signature"
    /// Posts in this daily window carry `"silent": true`.
    package var quietHours: QuietHours?
    /// Posts the trend picture in a second request when set.
    package var trend: TrendSettings?

    /// Settings for `url`, signed when `signingSecret` is given.
    package init(name: String, url: Secret, signingSecret: Secret? = nil) {
        self.name = name
        self.url = url
        self.signingSecret = signingSecret
    }
}

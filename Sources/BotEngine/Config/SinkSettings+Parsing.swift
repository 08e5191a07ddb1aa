// SPDX-License-Identifier: Apache-2.0
import BotSupport
import Foundation

extension SinkSettings {
    static let types = ["console", "telegram", "discord", "webhook"]

    static func parse(_ tree: YAMLTree, environment: [String: String], index: Int, taken: inout Set<String>) throws(FileError) -> SinkSettings {
        guard case .mapping = tree.node else { throw tree.error(.wrongType, "expected a sink (a mapping with a type)") }
        let peek = try tree.mapping(allowed: [])
        guard let typeTree = peek["type"] else { throw tree.error(.missingKey, "type is required (\(types.joined(separator: ", ")))") }
        let type = try typeTree.oneOf(types)
        var names = SinkNames(type: type, sink: tree, taken: taken)
        defer { taken = names.taken }
        switch type {
        case "telegram": return .telegram(try TelegramSinkSettings.parse(tree, environment: environment, names: &names))
        case "discord": return .discord(try DiscordSinkSettings.parse(tree, environment: environment, names: &names))
        case "webhook": return .webhook(try WebhookSinkSettings.parse(tree, environment: environment, names: &names))
        default: return try parseConsole(tree, names: &names)
        }
    }

    private static func parseConsole(_ tree: YAMLTree, names: inout SinkNames) throws(FileError) -> SinkSettings {
        let keys = try tree.mapping(allowed: ["type", "name", "format", "trend", "quiet_hours"])
        if let quiet = keys["quiet_hours"] {
            throw quiet.error(
                .invalidValue, "the console sink sends no notifications to silence; quiet_hours is for telegram, discord and webhook sinks")
        }
        if let trend = keys["trend"] {
            throw trend.error(
                .invalidValue, "the console sink cannot post pictures; write one with 'redgreen-bot trend --config FILE --out trend.png'")
        }
        let format = try keys["format"].map { value throws(FileError) in try value.oneOf(ConsoleFormat.allCases.map(\.rawValue)) } ?? "text"
        return .console(format: ConsoleFormat(rawValue: format)!, name: try names.unique(keys))
    }
}

/// The names a bot's sinks have taken: a sink without `name` is named after its type (`telegram`,
/// then `telegram-2`, …); a name given twice, or with other than letters, digits, `-` and `_`, is refused.
struct SinkNames {
    let type: String
    let sink: YAMLTree
    var taken: Set<String>

    mutating func unique(_ keys: [String: YAMLTree]) throws(FileError) -> String {
        var name = try keys["name"]?.nonEmptyString() ?? type
        if keys["name"] == nil {
            var suffix = 2
            while taken.contains(name) {
                name = "\(type)-\(suffix)"
                suffix += 1
            }
        } else if taken.contains(name) {
            throw keys["name"]!.error(.invalidValue, "another sink of this bot is already named '\(name)'")
        }
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw (keys["name"] ?? sink).error(.invalidValue, "use letters, digits, - and _ only, got '\(name)'")
        }
        taken.insert(name)
        return name
    }
}

extension TelegramSinkSettings {
    static let token = SecretSetting(literal: "token", env: "token_env", file: "token_file", what: "the bot token")

    static func parse(_ tree: YAMLTree, environment: [String: String], names: inout SinkNames) throws(FileError) -> TelegramSinkSettings {
        let keys = try tree.mapping(allowed: [
            "type", "name", "token_env", "token_file", "token", "chat_id", "api_base_url", "parse_mode", "disable_notification", "trend",
            "board", "message_thread_id", "quiet_hours", "protect_content",
        ])
        guard let chat = keys["chat_id"] else { throw tree.error(.missingKey, "chat_id is required (a numeric id or @channel)") }
        let chatID = try chat.nonEmptyString()
        guard chatID.hasPrefix("@") || Int64(chatID) != nil else {
            throw chat.error(.invalidValue, "expected a numeric chat id such as -1001234567890 or a channel such as @mychannel, got '\(chatID)'")
        }
        var settings = TelegramSinkSettings(
            name: try names.unique(keys), token: try token.require(keys, tree: tree, environment: environment), chatID: chatID)
        if let base = keys["api_base_url"] {
            settings.apiBaseURL = try base.nonEmptyString().trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            try BotConfig.checkHTTPURL(settings.apiBaseURL, tree: base, key: base.path, fromEnvironment: false)
        }
        if let mode = keys["parse_mode"] { settings.parseMode = ParseMode(rawValue: try mode.oneOf(ParseMode.allCases.map(\.rawValue)))! }
        if let silent = keys["disable_notification"] { settings.disableNotification = try silent.bool() }
        if let protect = keys["protect_content"] { settings.protectContent = try protect.bool() }
        settings.trend = try keys["trend"].map { tree throws(FileError) in try TrendSettings.parse(tree) }
        settings.board = try keys["board"].map { tree throws(FileError) in try BoardSettings.parseTelegram(tree) }
        try settings.applyChannelKeys(keys)
        return settings
    }
}

extension DiscordSinkSettings {
    static let webhookURL = SecretSetting(literal: "webhook_url", env: "webhook_url_env", file: "webhook_url_file", what: "the webhook URL")

    static func parse(_ tree: YAMLTree, environment: [String: String], names: inout SinkNames) throws(FileError) -> DiscordSinkSettings {
        let keys = try tree.mapping(allowed: [
            "type", "name", "webhook_url", "webhook_url_env", "webhook_url_file", "username", "trend", "board", "thread_id", "thread_name",
            "quiet_hours",
        ])
        let url = try webhookURL.require(keys, tree: tree, environment: environment)
        try BotConfig.checkHTTPURL(
            url.value, tree: keys["webhook_url_env"] ?? keys["webhook_url_file"] ?? tree, key: "\(tree.path).webhook_url", fromEnvironment: true)
        var settings = DiscordSinkSettings(name: try names.unique(keys), webhookURL: url, username: try keys["username"]?.nonEmptyString())
        settings.trend = try keys["trend"].map { tree throws(FileError) in try TrendSettings.parse(tree) }
        settings.board = try keys["board"].flatMap { tree throws(FileError) in try BoardSettings.parseDiscord(tree) }
        try settings.applyChannelKeys(keys, sink: tree)
        return settings
    }
}

extension WebhookSinkSettings {
    static let url = SecretSetting(literal: nil, env: "url_env", file: nil, what: "the URL")
    static let signingSecret = SecretSetting(literal: "secret", env: "secret_env", file: "secret_file", what: "the signing secret")

    static func parse(_ tree: YAMLTree, environment: [String: String], names: inout SinkNames) throws(FileError) -> WebhookSinkSettings {
        let keys = try tree.mapping(allowed: [
            "type", "name", "url", "url_env", "secret", "secret_env", "secret_file", "signature_header", "trend", "quiet_hours",
        ])
        let address: Secret
        if let literal = keys["url"] {
            address = Secret(try literal.nonEmptyString())
            try BotConfig.checkHTTPURL(address.value, tree: literal, key: literal.path, fromEnvironment: false)
        } else if keys["url_env"] != nil {
            address = try url.require(keys, tree: tree, environment: environment)
            try BotConfig.checkHTTPURL(address.value, tree: keys["url_env"]!, key: "\(tree.path).url_env", fromEnvironment: true)
        } else {
            throw tree.error(.missingKey, "url (or url_env) is required")
        }
        var settings = WebhookSinkSettings(
            name: try names.unique(keys), url: address,
            signingSecret: try signingSecret.resolve(keys, tree: tree, environment: environment).secret)
        if let header = keys["signature_header"] { settings.signatureHeader = try header.nonEmptyString() }
        settings.trend = try keys["trend"].map { tree throws(FileError) in try TrendSettings.parse(tree) }
        settings.quietHours = try keys["quiet_hours"].map { tree throws(FileError) in try QuietHours.parse(tree) }
        return settings
    }
}

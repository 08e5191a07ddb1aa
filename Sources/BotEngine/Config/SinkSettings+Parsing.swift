import Foundation

extension SinkSettings {
    static let types = ["console", "telegram", "discord", "webhook"]

    static func parse(_ tree: YAMLTree, environment: [String: String], index: Int, taken: inout Set<String>) throws(FileError) -> SinkSettings {
        guard case .mapping = tree.node else { throw tree.error(.wrongType, "expected a sink (a mapping with a type)") }
        let peek = try tree.mapping(allowed: [])
        guard let typeTree = peek["type"] else { throw tree.error(.missingKey, "type is required (\(types.joined(separator: ", ")))") }
        let type = try typeTree.oneOf(types)
        func uniqueName(_ keys: [String: YAMLTree]) throws(FileError) -> String {
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
                throw (keys["name"] ?? tree).error(.invalidValue, "use letters, digits, - and _ only, got '\(name)'")
            }
            taken.insert(name)
            return name
        }
        switch type {
        case "telegram":
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
                name: try uniqueName(keys),
                token: try secret(
                    keys, tree: tree, literal: "token", env: "token_env", file: "token_file", environment: environment, what: "the bot token")!,
                chatID: chatID
            )
            if let base = keys["api_base_url"] {
                settings.apiBaseURL = try base.nonEmptyString().trimmingCharacters(in: CharacterSet(charactersIn: "/"))
                try BotConfig.checkHTTPURL(settings.apiBaseURL, tree: base, key: base.path, fromEnvironment: false)
            }
            if let mode = keys["parse_mode"] { settings.parseMode = try mode.oneOf(["HTML", "none"]) == "none" ? nil : "HTML" }
            if let silent = keys["disable_notification"] { settings.disableNotification = try silent.bool() }
            if let protect = keys["protect_content"] { settings.protectContent = try protect.bool() }
            settings.trend = try keys["trend"].map { tree throws(FileError) in try TrendSettings.parse(tree) }
            settings.board = try keys["board"].map { tree throws(FileError) in try BoardSettings.parseTelegram(tree) }
            try settings.applyChannelKeys(keys)
            return .telegram(settings)
        case "discord":
            let keys = try tree.mapping(allowed: [
                "type", "name", "webhook_url", "webhook_url_env", "webhook_url_file", "username", "trend", "board", "thread_id", "thread_name",
                "quiet_hours",
            ])
            let url = try secret(
                keys, tree: tree, literal: "webhook_url", env: "webhook_url_env", file: "webhook_url_file", environment: environment,
                what: "the webhook URL")!
            try BotConfig.checkHTTPURL(
                url.value, tree: keys["webhook_url_env"] ?? keys["webhook_url_file"] ?? tree, key: "\(tree.path).webhook_url", fromEnvironment: true)
            var settings = DiscordSinkSettings(name: try uniqueName(keys), webhookURL: url, username: try keys["username"]?.nonEmptyString())
            settings.trend = try keys["trend"].map { tree throws(FileError) in try TrendSettings.parse(tree) }
            settings.board = try keys["board"].flatMap { tree throws(FileError) in try BoardSettings.parseDiscord(tree) }
            try settings.applyChannelKeys(keys, sink: tree)
            return .discord(settings)
        case "webhook":
            let keys = try tree.mapping(allowed: [
                "type", "name", "url", "url_env", "secret", "secret_env", "secret_file", "signature_header", "trend", "quiet_hours",
            ])
            let url: Secret
            if let literal = keys["url"] {
                url = Secret(try literal.nonEmptyString())
                try BotConfig.checkHTTPURL(url.value, tree: literal, key: literal.path, fromEnvironment: false)
            } else if keys["url_env"] != nil {
                url = try secret(keys, tree: tree, literal: "-", env: "url_env", file: "-", environment: environment, what: "the URL")!
                try BotConfig.checkHTTPURL(url.value, tree: keys["url_env"]!, key: "\(tree.path).url_env", fromEnvironment: true)
            } else {
                throw tree.error(.missingKey, "url (or url_env) is required")
            }
            var settings = WebhookSinkSettings(
                name: try uniqueName(keys), url: url,
                signingSecret: try secret(
                    keys, tree: tree, literal: "secret", env: "secret_env", file: "secret_file", environment: environment, what: "the signing secret",
                    required: false)
            )
            if let header = keys["signature_header"] { settings.signatureHeader = try header.nonEmptyString() }
            settings.trend = try keys["trend"].map { tree throws(FileError) in try TrendSettings.parse(tree) }
            settings.quietHours = try keys["quiet_hours"].map { tree throws(FileError) in try QuietHours.parse(tree) }
            return .webhook(settings)
        default:
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
            return .console(format: ConsoleFormat(rawValue: format)!, name: try uniqueName(keys))
        }
    }

    /// A secret named by `env` (an environment variable) or `file`; a literal value is refused.
    static func secret(
        _ keys: [String: YAMLTree], tree: YAMLTree, literal: String, env: String, file: String, environment: [String: String], what: String,
        required: Bool = true
    ) throws(FileError) -> Secret? {
        if let value = keys[literal] {
            throw value.error(
                .secretInFile,
                "\(what) does not belong in a config file: put it in an environment variable named by \(env), or in a file named by \(file)")
        }
        if keys[env] != nil && keys[file] != nil { throw tree.error(.invalidValue, "set \(env) or \(file), not both") }
        if let envTree = keys[env] {
            let name = try envTree.nonEmptyString()
            guard let value = environment[name], !value.isEmpty else {
                throw envTree.error(.missingKey, "the environment variable \(name) (\(what)) is not set")
            }
            return Secret(value)
        }
        if let fileTree = keys[file] {
            let path = try fileTree.nonEmptyString()
            let contents: String
            do throws(TextFile.Problem) {
                contents = try TextFile.text(path: path, limit: TextFile.secretLimit)
            } catch {
                throw fileTree.error(.unreadable, "cannot read \(what) from '\(path)': it \(error.message)")
            }
            let value = contents.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !value.isEmpty else { throw fileTree.error(.invalidValue, "'\(path)' is empty") }
            return Secret(value)
        }
        guard !required else { throw tree.error(.missingKey, "\(env) or \(file) is required (\(what))") }
        return nil
    }
}

extension DeliverySettings {
    mutating func apply(_ tree: YAMLTree) throws(FileError) {
        let keys = try tree.mapping(allowed: [
            "max_attempts", "base_delay", "max_delay", "max_retry_after", "ledger", "claim_ttl", "retention", "max_age", "lost_chat_retry",
        ])
        if let attempts = keys["max_attempts"] { maxAttempts = try attempts.int(in: 1...20) }
        if let base = keys["base_delay"] { baseDelay = try base.duration() }
        if let max = keys["max_delay"] { maxDelay = try max.duration() }
        if let retry = keys["max_retry_after"] { maxRetryAfter = try retry.duration() }
        if let ledger = keys["ledger"] { self.ledger = LedgerKind(rawValue: try ledger.oneOf(LedgerKind.allCases.map(\.rawValue)))! }
        if let claim = keys["claim_ttl"] { claimTTL = try claim.duration(atLeast: .seconds(1)) }
        if let keep = keys["retention"] { retention = try keep.duration(atLeast: .seconds(60)) }
        if let age = keys["max_age"] { maxAge = try age.duration(atLeast: .seconds(1)) }
        if let retry = keys["lost_chat_retry"] { lostChatRetry = try retry.duration(atLeast: .seconds(1)) }
    }
}

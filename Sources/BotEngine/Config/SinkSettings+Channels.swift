// SPDX-License-Identifier: Apache-2.0
import BotSupport
/// The keys that say where in a chat a sink posts and when it posts silently: Telegram's forum
/// topic, Discord's thread or forum post, and `quiet_hours`.
extension TelegramSinkSettings {
    mutating func applyChannelKeys(_ keys: [String: YAMLTree]) throws(FileError) {
        if let topic = keys["message_thread_id"] { messageThreadID = Int64(try topic.int(in: 1...Int.max)) }
        quietHours = try keys["quiet_hours"].map { tree throws(FileError) in try QuietHours.parse(tree) }
    }
}

extension DiscordSinkSettings {
    /// Discord's longest thread name.
    static let threadNameLimit = 100

    mutating func applyChannelKeys(_ keys: [String: YAMLTree], sink: YAMLTree) throws(FileError) {
        if keys["thread_id"] != nil && keys["thread_name"] != nil {
            throw sink.error(.invalidValue, "set thread_id (an existing thread) or thread_name (a forum post the bot creates), not both")
        }
        if let thread = keys["thread_id"] {
            let id = try thread.string()
            guard (1...20).contains(id.count), id.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw thread.error(.invalidValue, "expected a thread's id, digits only such as \"1234567890123456789\", got '\(id)'")
            }
            threadID = id
        }
        if let name = keys["thread_name"] {
            let text = try name.nonEmptyString()
            guard text.count <= Self.threadNameLimit else {
                throw name.error(.invalidValue, "Discord takes at most \(Self.threadNameLimit) characters, got \(text.count)")
            }
            threadName = text
        }
        quietHours = try keys["quiet_hours"].map { tree throws(FileError) in try QuietHours.parse(tree) }
    }
}

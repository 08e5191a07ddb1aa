// SPDX-License-Identifier: Apache-2.0
import BotSupport
extension BotConfig {
    /// The `telegram:` block: what applies to every Telegram sink of the bot.
    /// `time_entity: true` sends `{{time}}` and `{{date}}` as `date_time` entities (Bot API 9.5),
    /// which needs the HTML parse mode.
    mutating func applyTelegramKeys(_ tree: YAMLTree) throws(FileError) {
        let keys = try tree.mapping(allowed: ["time_entity"])
        guard let entity = keys["time_entity"], try entity.bool() else { return }
        for (index, sink) in sinks.enumerated() {
            guard case .telegram(var settings) = sink else { continue }
            guard settings.parseMode != .none else {
                throw entity.error(
                    .invalidValue,
                    "sink '\(settings.name)' has parse_mode: none, and a date_time entity is sent as <tg-time> in HTML; drop parse_mode: none or time_entity"
                )
            }
            settings.timeEntity = true
            sinks[index] = .telegram(settings)
        }
    }
}

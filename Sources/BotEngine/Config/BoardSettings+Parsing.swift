// SPDX-License-Identifier: Apache-2.0
import BotSupport
extension BoardSettings {
    /// A Telegram sink's `board:` mapping: `{pin: true}` or `{pin: false}`.
    static func parseTelegram(_ tree: YAMLTree) throws(FileError) -> BoardSettings {
        guard case .mapping = tree.node else { throw tree.error(.wrongType, "expected a mapping such as {pin: true} (pin: false keeps it unpinned)") }
        let keys = try tree.mapping(allowed: ["pin"])
        return BoardSettings(pin: try keys["pin"]?.bool() ?? false)
    }

    /// A Discord sink's `board:`: `true` (a board, never pinned: a webhook cannot pin) or `false`.
    static func parseDiscord(_ tree: YAMLTree) throws(FileError) -> BoardSettings? {
        try tree.bool() ? BoardSettings() : nil
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotStore

extension RedisKeys {
    /// The layout of the fleet `config` belongs to.
    package init(config: BotConfig) {
        self.init(game: config.gameType, snapshot: config.shared.key, legacy: config.shared.legacyKey)
    }
}

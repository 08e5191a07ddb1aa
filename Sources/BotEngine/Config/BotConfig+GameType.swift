// SPDX-License-Identifier: Apache-2.0
import BotStore
extension BotConfig {
    /// Sets the game (`game_type`) and its default shared keys (see `RedisKeys`); set `shared.key`
    /// and `shared.legacy_key` after this to name other keys.
    package mutating func setGame(_ gameType: String) {
        self.gameType = gameType
        let keys = RedisKeys(game: gameType)
        shared.key = keys.snapshot
        shared.legacyKey = keys.legacy
    }

    /// The Redis key layout of this bot's fleet.
    package var redisKeys: RedisKeys { RedisKeys(config: self) }
}

extension SharedKeys {
    /// The game whose fleet keeps the original key names: `RG5M`, as in the original fleet.
    public static let defaultGameType = "RG5M"

    /// The keys of `gameType`'s fleet: the original names for the default game, so that bots of the
    /// original design keep working beside this fleet; `<name>:<game>` for any other game
    /// (`fivem_red_green_shared_data:RG1M`, `api_response:RG1M`), so that several games share one
    /// Redis without seeing each other's draws.
    public static func defaults(forGame gameType: String) -> SharedKeys {
        var keys = SharedKeys()
        keys.leaseKey = "redgreen:lease:\(gameType)"
        keys.sequenceKey = "redgreen:seq:\(gameType)"
        keys.channel = "redgreen:updates:\(gameType)"
        if gameType != defaultGameType {
            keys.key += ":\(gameType)"
            keys.legacyKey += ":\(gameType)"
        }
        return keys
    }
}

extension BotConfig {
    /// Sets the game (`game_type`) and its default shared keys; set `shared.key` and
    /// `shared.legacy_key` after this to name other keys.
    public mutating func setGame(_ gameType: String) {
        self.gameType = gameType
        let keys = SharedKeys.defaults(forGame: gameType)
        shared.key = keys.key
        shared.legacyKey = keys.legacyKey
        shared.leaseKey = keys.leaseKey
        shared.sequenceKey = keys.sequenceKey
        shared.channel = keys.channel
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotStore
import Testing

/// The key layout a bot's config implies (`RedisKeys(config:)`); the layout itself is tested in BotStoreTests.
@Suite struct RedisKeysConfigTests {
    @Test func theConfigNamesTheSharedKeys() throws {
        var config = BotConfig(locale: "vi", role: .reader, upstreamURL: "http://127.0.0.1:1/api")
        config.setGame("RG1M")
        config.shared.key = "one_minute"
        #expect(config.redisKeys == RedisKeys(game: "RG1M", snapshot: "one_minute", legacy: "api_response:RG1M"))
    }
}

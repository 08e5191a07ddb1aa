// SPDX-License-Identifier: Apache-2.0
import BotStore
import Testing

/// The key layout the fleet shares with bots of the original design and with operators' ACLs.
@Suite struct RedisKeysTests {
    @Test func theOriginalGameKeepsTheOriginalNames() {
        let keys = RedisKeys()
        #expect(keys.snapshot == "fivem_red_green_shared_data")
        #expect(keys.legacy == "api_response")
        #expect(keys.lease == "redgreen:lease:RG5M")
        #expect(keys.sequence == "redgreen:seq:RG5M")
        #expect(keys.channel == "redgreen:updates:RG5M")
        #expect(keys.ledgerEntry(locale: "vi", sink: "telegram", issue: 42) == "redgreen:ledger:vi:RG5M:telegram:42")
        #expect(keys.ledgerDone(locale: "vi", sink: "telegram") == "redgreen:ledger:vi:RG5M:telegram:done")
        #expect(keys.sinkState(locale: "vi", sink: "telegram", field: "chat_id") == "redgreen:sink:vi:RG5M:telegram:chat_id")
        #expect(keys.stats(locale: "vi") == "redgreen:stats:RG5M:vi")
    }

    @Test func anotherGameScopesEveryKey() {
        let keys = RedisKeys(game: "RG1M")
        #expect(keys.snapshot == "fivem_red_green_shared_data:RG1M")
        #expect(keys.legacy == "api_response:RG1M")
        #expect(keys.lease == "redgreen:lease:RG1M")
        #expect(RedisKeys(game: "RG1M", snapshot: "one_minute").snapshot == "one_minute")
    }

    @Test func theDoneKeysItBuildsParseBackAndOthersDoNot() throws {
        let keys = RedisKeys(game: "RG1M")
        let done = keys.ledgerDone(locale: "vi", sink: "webhook:alerts")
        let parsed = try #require(keys.parseLedgerDone(done))
        #expect(parsed.locale == "vi" && parsed.sink == "webhook:alerts")
        #expect(keys.parseLedgerDone(RedisKeys(game: "RG5M").ledgerDone(locale: "vi", sink: "webhook")) == nil)
        #expect(keys.parseLedgerDone(keys.ledgerEntry(locale: "vi", sink: "webhook", issue: 7)) == nil)
        #expect(keys.parseLedgerDone("redgreen:stats:RG1M:vi") == nil)
    }

    @Test func theStatsKeysItBuildsParseBack() {
        let keys = RedisKeys(game: "RG1M")
        #expect(keys.parseStats(keys.stats(locale: "ja")) == "ja")
        #expect(keys.parseStats(RedisKeys().stats(locale: "ja")) == nil)
        #expect(keys.parseStats("redgreen:stats:RG1M:ja:extra") == nil)
    }

    @Test func scanPatternsEscapeTheGlobCharactersOfTheGame() {
        let keys = RedisKeys(game: "G*[1]?")
        #expect(keys.statsPattern == #"redgreen:stats:G\*\[1\]\?:*"#)
        #expect(keys.ledgerDonePattern == #"redgreen:ledger:*:G\*\[1\]\?:*:done"#)
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotStore
import Foundation
import Logging
import RedisClient
import TestHarness
import Testing

/// The delivery ledger in a real redis-server (issue 27): a sink's ledger is a resume point and its
/// recent sent issues, whose size does not grow with the draws sent (it was one key per post, kept
/// a week); a ledger of the earlier design is moved into it once; claims name their owner.
@Suite(.serialized) struct BoundedLedgerRedisTests {
    static func client(_ url: String) throws -> RedisClient {
        RedisClient(configuration: RedisConfiguration(endpoint: try RedisEndpoint(url: url)), logger: Logger(label: "t"))
    }

    static func key(_ issue: Int64, locale: String = "vi") -> LedgerKey { LedgerKey(locale: locale, sink: "telegram", issue: issue) }

    /// Under the shipped ACL's reader user, as a reader runs.
    @Test func aSinksLedgerStaysSmallHoweverManyDrawsItSends() async throws {
        // The shipped users, and one for the test to look at the server with.
        let acl = try RedisACLTests.aclFile()
        try (try String(contentsOfFile: acl, encoding: .utf8) + "user test-admin on >pw-test-admin ~* &* +@all\n")
            .write(toFile: acl, atomically: true, encoding: .utf8)
        let redis = try RedisServerProcess.start(extraArguments: ["--aclfile", acl])
        defer { redis.stop() }
        let ledger = RedisDeliveryLedger(client: try Self.client(RedisACLTests.url("redgreen-reader-vi", port: redis.port)), keys: RedisKeys())
        let admin = try Self.client(RedisACLTests.url("test-admin", port: redis.port))
        for issue in Int64(1)...3000 {
            #expect(try await ledger.claim(Self.key(issue), ttl: .seconds(60)) == .claimed)
            try await ledger.markSent(Self.key(issue), retention: .seconds(7 * 24 * 3600))
        }
        #expect(try await admin.send(["DBSIZE"]).int == 2)  // the resume point and the sent set
        let sent = RedisKeys().ledgerSent(locale: "vi", sink: "telegram")
        #expect(try await admin.send(["ZCARD", sent]).int == Int64(DeliveryLedgerLimits.keptSent))
        let bytes = try await admin.send(["MEMORY", "USAGE", sent, "SAMPLES", "0"]).int ?? .max
        #expect(bytes <= 64 * 1024, "\(bytes) bytes")
        #expect(try await ledger.claim(Self.key(3000), ttl: .seconds(60)) == .alreadySent)
        #expect(try await ledger.claim(Self.key(3000 - Int64(DeliveryLedgerLimits.keptSent) + 1), ttl: .seconds(60)) == .alreadySent)
        #expect(try await ledger.resumePoint(locale: "vi", sinks: ["telegram"]) == 3000)
    }

    /// A fleet upgraded in place: the per-post `sent` keys of the earlier design are moved into the
    /// sent set once, and a draw they hold is not posted again.
    @Test func aLedgerOfTheEarlierDesignIsMigratedOnceAndPostsNothingTwice() async throws {
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let admin = try Self.client(redis.url)
        let keys = RedisKeys()
        for issue in 1...40 {
            _ = try await admin.send(["SET", keys.ledgerEntry(locale: "vi", sink: "telegram", issue: Int64(issue)), "sent", "PX", "600000"])
        }
        _ = try await admin.send(["SET", keys.ledgerEntry(locale: "vi", sink: "telegram:x", issue: 3), "sent"])  // another sink's
        _ = try await admin.send(["SET", keys.ledgerDone(locale: "vi", sink: "telegram"), "40"])
        let ledger = RedisDeliveryLedger(client: try Self.client(redis.url), keys: keys)
        #expect(try await ledger.migrate(locale: "vi", sinks: ["telegram"], retention: .seconds(3600)) == 40)
        #expect(try await admin.send(["EXISTS", keys.ledgerEntry(locale: "vi", sink: "telegram", issue: 7)]).int == 0)
        #expect(try await admin.send(["EXISTS", keys.ledgerEntry(locale: "vi", sink: "telegram:x", issue: 3)]).int == 1)
        #expect(try await ledger.migrate(locale: "vi", sinks: ["telegram"], retention: .seconds(3600)) == 0)  // once
        for issue in Int64(1)...40 { #expect(try await ledger.claim(Self.key(issue), ttl: .seconds(60)) == .alreadySent) }
        #expect(try await ledger.claim(Self.key(41), ttl: .seconds(60)) == .claimed)
        #expect(try await ledger.resumePoint(locale: "vi", sinks: ["telegram"]) == 40)

        // A twin of the earlier design still running marks one more the old way: a claim moves it.
        _ = try await admin.send(["SET", keys.ledgerEntry(locale: "vi", sink: "telegram", issue: 42), "sent"])
        #expect(try await ledger.claim(Self.key(42), ttl: .seconds(60)) == .alreadySent)
        #expect(try await admin.send(["EXISTS", keys.ledgerEntry(locale: "vi", sink: "telegram", issue: 42)]).int == 0)
    }

    @Test func aClaimNamesItsOwnerAndADeadRunsClaimIsTakenOver() async throws {
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let ledger = RedisDeliveryLedger(client: try Self.client(redis.url), keys: RedisKeys())
        let dead = ClaimOwner(host: "h", pid: 7, run: "before")
        let now = ClaimOwner(host: "h", pid: 7, run: "now")
        #expect(try await ledger.claim(Self.key(5), ttl: .seconds(60), owner: dead) == .claimed)
        #expect(try await ledger.claim(Self.key(5), ttl: .seconds(60), owner: now) == .heldElsewhere(by: dead))
        #expect(try await ledger.takeOver(Self.key(5), from: now, ttl: .seconds(60), owner: now) == .heldElsewhere(by: dead))
        #expect(try await ledger.takeOver(Self.key(5), from: dead, ttl: .seconds(60), owner: now) == .claimed)
        try await ledger.markSent(Self.key(5), retention: .seconds(60))
        #expect(try await ledger.takeOver(Self.key(5), from: now, ttl: .seconds(60), owner: dead) == .alreadySent)
        // A claim of the earlier design names no owner.
        let admin = try Self.client(redis.url)
        _ = try await admin.send(["SET", RedisKeys().ledgerEntry(locale: "vi", sink: "telegram", issue: 6), "claimed", "PX", "60000"])
        #expect(try await ledger.claim(Self.key(6), ttl: .seconds(60), owner: now) == .heldElsewhere(by: nil))
        try await ledger.abandon(Self.key(6))
        #expect(try await ledger.claim(Self.key(6), ttl: .seconds(60), owner: now) == .claimed)
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotLocalization
import BotStore
import BotSupport
import CurlHTTP
import Foundation
import Logging
import RedisClient
import TestHarness
import Testing

/// A reader back after many missed draws (issue 28, item 4): past `posting.max_catch_up` it posts
/// one digest (`messages.digest`) covering all of them, split at the chat's length limit, then
/// carries on live; the ledger in a real redis-server marks every covered draw posted, so a
/// restart posts none of them again. Real HTTP against the fake Telegram and Discord servers.
@Suite(.serialized) struct DigestTests {
    let sinks = SinkTests()

    func poster(_ server: FakeChatServer, ledger: any DeliveryLedger, clock: VirtualClock) throws -> DrawPoster {
        try TestBot(.reader, locale: "en").with {
            $0.parts.sinks = [sinks.telegram(server, clock: clock), sinks.discord(server, clock: clock)]
            $0.parts.ledger = ledger
            $0.parts.clock = clock
        }.poster()
    }

    func draws(_ issues: ClosedRange<Int64>) -> [Draw] { issues.map { Fixtures.draw($0) } }

    /// The issue each of a digest's list `lines` starts with.
    static func issues<S: StringProtocol>(listedIn lines: some Collection<S>) -> [Int64] {
        lines.map { (line: S) -> Int64 in Int64(line.prefix { $0 != " " }) ?? -1 }
    }

    /// Runs a poster (a bot's run) over `feeds`, one offer each, until every post is delivered.
    func run(_ poster: DrawPoster, feeds: [[Draw]]) async throws {
        try await withRunningPosters([poster]) {
            for feed in feeds {
                await poster.offer(feed)
                await poster.idle()
            }
        }
    }

    @Test func aReaderBackFrom40MissedDrawsPostsOneDigestThenLiveAndNothingAgainAfterARestart() async throws {
        let redis = try RedisServerProcess.start()
        defer { redis.stop() }
        let ledger = RedisDeliveryLedger(client: try BoundedLedgerRedisTests.client(redis.url), keys: RedisKeys())
        let server = try await FakeChatServer.start()
        let clock = VirtualClock()
        try await run(try poster(server, ledger: ledger, clock: clock), feeds: [draws(1...1)])
        // Stopped for 40 draws; back, its feed holds them all (the history), then one live draw.
        try await run(try poster(server, ledger: ledger, clock: clock), feeds: [draws(1...41), draws(2...42)])
        let telegram = server.requests(sinks.telegramPath).compactMap(\.text)
        #expect(telegram.count == 3, "\(telegram)")  // draw 1, the digest, draw 42
        let digest = try #require(telegram.dropFirst().first)
        let lines = digest.split(separator: "\n").map(String.init)
        #expect(lines.first == "📋 Red-Green 5 min · 40 results while the bot was away, periods 2–41:")
        #expect(Self.issues(listedIn: lines.dropFirst()) == Array(2...41))
        #expect(lines.contains("7 · 007 · GREEN 🟢"))
        #expect(telegram.last?.contains("Period 42") == true)
        let discord = server.requests(sinks.discordPath).compactMap(\.text)
        #expect(discord.count == 3 && discord[1].contains("40 results while the bot was away"), "\(discord)")
        for issue in Int64(2)...41 {
            for sink in ["telegram", "discord"] {
                #expect(try await ledger.claim(LedgerKey(locale: "en", sink: sink, issue: issue), ttl: .seconds(60)) == .alreadySent)
            }
        }
        // A restart after the digest posts nothing again.
        try await run(try poster(server, ledger: ledger, clock: clock), feeds: [draws(1...42)])
        #expect(server.requests(sinks.telegramPath).count == 3)
        #expect(server.requests(sinks.discordPath).count == 3)
        await server.stop()
    }

    @Test func a300DrawDigestIsSplitAtEachChatsLimitOnLineBoundariesInOrder() async throws {
        let server = try await FakeChatServer.start()
        let clock = VirtualClock()
        let ledger = InMemoryDeliveryLedger()
        try await run(try poster(server, ledger: ledger, clock: clock), feeds: [draws(1...1), draws(1...301)])
        let telegram = server.requests(sinks.telegramPath).compactMap(\.text).dropFirst()
        let discord = server.requests(sinks.discordPath).compactMap(\.text).dropFirst()
        #expect(telegram.count >= 2 && telegram.allSatisfy { $0.count <= 4096 }, "\(telegram.map(\.count))")
        #expect(discord.count > telegram.count && discord.allSatisfy { $0.count <= 2000 }, "\(discord.map(\.count))")
        for parts in [Array(telegram), Array(discord)] {
            let lines = parts.joined(separator: "\n").split(separator: "\n")
            #expect(lines.count == 301)
            // Discord escapes the game name's hyphen (`Red\\-Green`).
            #expect(lines.first?.hasPrefix("📋 Red") == true && lines.first?.contains("Green 5 min · 300 results") == true, "\(lines.first ?? "")")
            #expect(Self.issues(listedIn: lines.dropFirst()) == Array(2...301))
            // Every part is whole: no line cut, no escape split from what it escapes.
            #expect(parts.allSatisfy { !$0.hasSuffix("\\") && !$0.hasPrefix("\n") })
        }
        #expect(try await ledger.resumePoint(locale: "en", sinks: ["telegram", "discord"]) == 301)
        // The digest's newest draw and the covered ones the ledger keeps (its newest 256) are sent.
        for issue: Int64 in [301, 300, 301 - Int64(DeliveryLedgerLimits.keptSent) + 1] {
            #expect(try await ledger.claim(LedgerKey(locale: "en", sink: "telegram", issue: issue), ttl: .seconds(60)) == .alreadySent)
        }
        await server.stop()
    }

    /// A webhook receiver learns which draws a digest stands for: `covers`, and `issue` the newest.
    @Test func aWebhooksDigestRecordCoversEveryDraw() async throws {
        let server = try await FakeChatServer.start()
        let hook = WebhookSink(
            settings: WebhookSinkSettings(name: "hook", url: Secret("\(server.baseURL)/hook")), transport: CurlHTTPClient(), timeout: .seconds(60))
        let poster = try TestBot(.reader, locale: "en").with {
            $0.parts.sinks = [hook]
            $0.parts.clock = VirtualClock()
        }.poster()
        try await run(poster, feeds: [draws(1...1), draws(1...13), draws(1...14)])
        let records = try server.requests("/hook").map { try JSONDecoder().decode(PostRecord.self, from: Data($0.body)) }
        #expect(records.map(\.issue) == [1, 13, 14])
        #expect(records.map(\.covers) == [nil, Array(2...13), nil])
        #expect(records[1].text.hasPrefix("📋 Red-Green 5 min · 12 results while the bot was away, periods 2–13:"))
        await server.stop()
    }
}

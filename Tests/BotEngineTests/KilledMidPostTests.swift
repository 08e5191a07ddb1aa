// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotStore
import BotSupport
import Foundation
import Logging
import Synchronization
import Testing

/// A bot killed in the middle of a post (issue 27): its claim stalled the sink for
/// `delivery.claim_ttl` after the restart, Telegram held a claim across its rate-limit wait, and a
/// second kill inside that time lost every draw beyond `posting.max_catch_up`.
@Suite struct KilledMidPostTests {
    static let key = LedgerKey(locale: "en", sink: "recording", issue: 7)

    /// The claim a dead earlier run of this process left: same host and pid (a container
    /// restarted), another run.
    static let deadRun = ClaimOwner(host: ClaimOwner.current.host, pid: ClaimOwner.current.pid, run: "dead-run")

    static func worker(_ sink: any MessageSink, ledger: any DeliveryLedger, clock: VirtualClock, logs: LogRecorder = LogRecorder()) -> SinkWorker {
        var settings = DeliverySettings()
        settings.claimTTL = .seconds(120)
        settings.maxRetryAfter = .seconds(3600)
        return SinkWorker(
            sink: sink, ledger: ledger, settings: settings, clock: clock, wallClock: ManualWallClock(millis: 0), logger: logs.logger(label: "t"),
            metrics: BotMetrics(locale: "en"))
    }

    /// A live board over `sink`, its id kept in memory.
    static func board(_ sink: any LiveBoardSink) -> BoardSink {
        BoardSink(sink, locale: "en", state: InMemorySinkStateStore(), logger: Logger(label: "t"))
    }

    static func deliver(_ issues: Int64..., via worker: SinkWorker) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await worker.run() }
            for issue in issues {
                worker.enqueue(Post(locale: "en", draw: Fixtures.draw(issue), colorNames: [], text: "board \(issue)", postedAtMillis: 0))
            }
            await worker.idle()
            group.cancelAll()
        }
    }

    @Test func aClaimLeftByThisBotsDeadEarlierRunIsPostedAtOnceAndLoggedAsAtLeastOnce() async throws {
        let ledger = InMemoryDeliveryLedger()
        ledger.plantClaim(Self.key, owner: Self.deadRun)
        let sink = RecordingSink()
        let clock = VirtualClock()
        let logs = LogRecorder()
        await Self.deliver(7, via: Self.worker(sink, ledger: ledger, clock: clock, logs: logs))
        #expect(sink.issues == [7])
        #expect(clock.sleeps.isEmpty)  // not held for claim_ttl
        #expect(logs.entries(atLeast: .warning, containing: "posted again (at least once)").count == 1)
        #expect(try await ledger.claim(Self.key, ttl: .seconds(1)) == .alreadySent)
    }

    @Test func aLiveTwinsClaimIsWaitedOutNotTakenOver() async throws {
        let ledger = InMemoryDeliveryLedger()
        let twin = ClaimOwner(host: "another-host", pid: ClaimOwner.current.pid, run: "twin")
        ledger.plantClaim(Self.key, owner: twin)
        let sink = RecordingSink()
        let clock = VirtualClock()
        await Self.deliver(7, via: Self.worker(sink, ledger: ledger, clock: clock))
        #expect(sink.issues.isEmpty)  // the twin never finished nor let go within claim_ttl
        #expect(!clock.sleeps.isEmpty)
    }

    @Test func aDeadPredecessorIsTheSameHostsOtherRunWhoseProcessIsGone() {
        let me = ClaimOwner(host: "h", pid: 100, run: "now")
        #expect(me.isDeadPredecessor(ClaimOwner(host: "h", pid: 100, run: "before")) { _ in true })  // a restarted container
        #expect(me.isDeadPredecessor(ClaimOwner(host: "h", pid: 55, run: "before")) { _ in false })
        #expect(!me.isDeadPredecessor(ClaimOwner(host: "h", pid: 55, run: "twin")) { _ in true })  // a live twin on this host
        #expect(!me.isDeadPredecessor(ClaimOwner(host: "other", pid: 55, run: "x")) { _ in false })
        #expect(!me.isDeadPredecessor(me) { _ in false })
        #expect(ClaimOwner(claimValue: me.claimValue) == me)
        #expect(ClaimOwner(claimValue: "claimed") == nil)
    }

    /// Telegram waited for its rate limit with the claim already taken: a kill then left an orphan claim.
    @Test func telegramClaimsOnlyAfterItsRateLimitWait() async throws {
        let ledger = InMemoryDeliveryLedger()
        let key = LedgerKey(locale: "en", sink: "telegram", issue: 7)
        let claimedDuringWait = Mutex<Bool?>(nil)
        let transport = CannedTransport(status: 200, body: #"{"ok":true,"result":{"message_id":1}}"#)
        let sink = TelegramSink(settings: TelegramSinkSettings(name: "telegram", token: Secret("1:tok"), chatID: "@c"), transport: transport) { _ in
            claimedDuringWait.withLock { $0 = ledger.isClaimed(key) }
        }
        await Self.deliver(7, via: Self.worker(sink, ledger: ledger, clock: VirtualClock()))
        #expect(transport.requestCount == 1)
        #expect(claimedDuringWait.withLock { $0 } == false)
        #expect(try await ledger.claim(key, ttl: .seconds(1)) == .alreadySent)
    }

    /// The trend picture through Telegram waits for the same rate limits: claimed after them too.
    @Test func telegramsTrendPictureClaimsOnlyAfterItsRateLimitWait() async throws {
        let ledger = InMemoryDeliveryLedger()
        let key = LedgerKey(locale: "en", sink: "telegram.trend", issue: 7)
        let claimedDuringWait = Mutex<Bool?>(nil)
        let transport = CannedTransport(status: 200, body: #"{"ok":true,"result":{"message_id":1}}"#)
        let telegram = TelegramSink(settings: TelegramSinkSettings(name: "telegram", token: Secret("1:tok"), chatID: "@c"), transport: transport) {
            _ in
            claimedDuringWait.withLock { $0 = ledger.isClaimed(key) }
        }
        let worker = Self.worker(TrendSink(telegram), ledger: ledger, clock: VirtualClock())
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await worker.run() }
            worker.enqueue(Post(locale: "en", draw: Fixtures.draw(7), colorNames: [], text: "x", postedAtMillis: 0, picture: [0x89, 0x50]))
            await worker.idle()
            group.cancelAll()
        }
        #expect(transport.requestCount == 1)
        #expect(claimedDuringWait.withLock { $0 } == false)
        #expect(try await ledger.claim(key, ttl: .seconds(1)) == .alreadySent)
    }

    /// The live board waited for Telegram's rate limits with its claim taken: a kill while waiting
    /// left an orphan claim. A new board (draw 7) and an edit of it (draw 8) claim after the wait.
    @Test func telegramsLiveBoardClaimsOnlyAfterItsRateLimitWait() async throws {
        let ledger = InMemoryDeliveryLedger()
        let keys = [Int64(7), 8].map { LedgerKey(locale: "en", sink: "telegram.board", issue: $0) }
        let claimedDuringWaits = Mutex<[Bool]>([])
        let transport = CannedTransport(status: 200, body: #"{"ok":true,"result":{"message_id":1}}"#)
        var settings = TelegramSinkSettings(name: "telegram", token: Secret("1:tok"), chatID: "@c")
        settings.board = BoardSettings(pin: false)
        let telegram = TelegramSink(settings: settings, transport: transport) { _ in
            claimedDuringWaits.withLock { $0.append(keys.contains { ledger.isClaimed($0) }) }
        }
        await Self.deliver(7, 8, via: Self.worker(Self.board(telegram), ledger: ledger, clock: VirtualClock()))
        #expect(transport.urls.map { $0.hasSuffix("/sendMessage") } == [true, false], "posted, then edited")
        #expect(claimedDuringWaits.withLock { $0 } == [false, false])
        for key in keys { #expect(try await ledger.claim(key, ttl: .seconds(1)) == .alreadySent) }
    }

    /// Discord's live board waits for the webhook's rate-limit bucket before an edit: claimed after it.
    @Test func discordsLiveBoardClaimsOnlyAfterItsBucketWait() async throws {
        let ledger = InMemoryDeliveryLedger()
        let key = LedgerKey(locale: "en", sink: "discord.board", issue: 8)
        // Every answer empties the bucket for a second: the edit after the post waits for it.
        let emptied = [("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset-After", "1")]
        let transport = CannedTransport(status: 200, headers: emptied, body: #"{"id":"900"}"#)
        var settings = DiscordSinkSettings(name: "discord", webhookURL: Secret("http://127.0.0.1:9/api/webhooks/1/hook"))
        settings.board = BoardSettings()
        let bucketClock = VirtualClock()
        let claimedDuringWaits = Mutex<[Bool]>([])
        bucketClock.onSleep { _ in claimedDuringWaits.withLock { $0.append(ledger.isClaimed(key)) } }
        let discord = DiscordSink(settings: settings, transport: transport, timeout: .seconds(60), clock: bucketClock)
        await Self.deliver(7, 8, via: Self.worker(Self.board(discord), ledger: ledger, clock: VirtualClock()))
        #expect(transport.made.map(\.method) == [.post, .patch], "posted, then edited")
        #expect(claimedDuringWaits.withLock { $0 } == [false])
        #expect(try await ledger.claim(key, ttl: .seconds(1)) == .alreadySent)
    }

    /// A 429's wait: nothing of the post is out, so no claim is held while waiting.
    @Test func noClaimIsHeldAcrossA429sWait() async throws {
        let ledger = InMemoryDeliveryLedger()
        let sink = RateLimitedOnceSink(ledger: ledger, key: Self.key)
        await Self.deliver(7, via: Self.worker(sink, ledger: ledger, clock: VirtualClock()))
        #expect(sink.calls == 2)
        #expect(sink.claimedOnRetry == false)
        #expect(try await ledger.claim(Self.key, ttl: .seconds(1)) == .alreadySent)
    }

    /// Killed twice inside `claim_ttl`: the second restart resumed at the old point and posted only
    /// the newest `max_catch_up`; now a resume posts every later draw the feed still holds.
    @Test func aResumeAfterARestartPostsEveryLaterDrawTheFeedStillHolds() {
        var tracker = DrawTracker(maxCatchUp: 10, lastIssue: 1027)
        let feed = (1020...1059).map { Fixtures.draw($0) }
        let selection = tracker.select(from: feed)
        #expect(selection.draws.map(\.issue) == Array(1028...1059))
        #expect(selection.digest)  // more than max_catch_up: one digest covering all of them
        #expect(selection.missing == nil)
        // Later feeds too: past the cap, one digest of every new draw, none left out.
        let next = tracker.select(from: (1040...1075).map { Fixtures.draw($0) })
        #expect(next.draws.map(\.issue) == Array(1060...1075))
        #expect(next.digest)
    }

    @Test func drawsNoLongerInTheFeedAfterARestartAreReportedByIssue() {
        var tracker = DrawTracker(maxCatchUp: 10, lastIssue: 1027)
        let selection = tracker.select(from: (1040...1059).map { Fixtures.draw($0) })
        #expect(selection.draws.map(\.issue) == Array(1040...1059))
        #expect(selection.missing == 1028...1039)
    }

    @Test func theInMemoryLedgerKeepsABoundedNumberOfSentIssues() async throws {
        let ledger = InMemoryDeliveryLedger()
        for issue in Int64(1)...2000 {
            let key = LedgerKey(locale: "en", sink: "s", issue: issue)
            #expect(try await ledger.claim(key, ttl: .seconds(1)) == .claimed)
            try await ledger.markSent(key, retention: .seconds(3600))
        }
        #expect(ledger.keptSentCount(locale: "en", sink: "s") == DeliveryLedgerLimits.keptSent)
        #expect(try await ledger.claim(LedgerKey(locale: "en", sink: "s", issue: 2000), ttl: .seconds(1)) == .alreadySent)
        #expect(try await ledger.resumePoint(locale: "en", sinks: ["s"]) == 2000)
    }
}

/// A sink whose first request is refused with a 429; records whether the post was claimed when it
/// was asked again.
final class RateLimitedOnceSink: MessageSink {
    let name = "recording"
    private let ledger: InMemoryDeliveryLedger
    private let key: LedgerKey
    private let state = Mutex<(calls: Int, claimedOnRetry: Bool?)>((0, nil))

    init(ledger: InMemoryDeliveryLedger, key: LedgerKey) {
        self.ledger = ledger
        self.key = key
    }

    var calls: Int { state.withLock { $0.calls } }
    var claimedOnRetry: Bool? { state.withLock { $0.claimedOnRetry } }

    func send(_ text: String, of post: Post) async throws {
        let call = state.withLock { state in
            state.calls += 1
            return state.calls
        }
        if call == 1 { throw SinkError(.rateLimited(retryAfter: .seconds(30)), "429") }
    }

    /// Looks at the ledger before claiming, as a wait for the rate limit would see it.
    func send(_ text: String, of post: Post, beforeRequest: @escaping @Sendable () async throws -> Void) async throws {
        if calls == 1 { state.withLock { $0.claimedOnRetry = ledger.isClaimed(key) } }
        try await beforeRequest()
        try await send(text, of: post)
    }
}

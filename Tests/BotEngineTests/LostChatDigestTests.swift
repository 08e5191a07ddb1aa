// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotStore
import Logging
import Testing

/// The posts that waited for a lost chat past `posting.max_catch_up` go out as one digest covering
/// all of them (issue 28, item 4), none dropped; up to it, each on its own.
@Suite struct LostChatDigestTests {
    func worker(_ sink: HoldingSink, ledger: InMemoryDeliveryLedger, maxCatchUp: Int) -> SinkWorker {
        SinkWorker(
            sink: sink, ledger: ledger, settings: DeliverySettings(), clock: VirtualClock(), wallClock: ManualWallClock(millis: 0),
            maxCatchUp: maxCatchUp, logger: Logger(label: "t"), metrics: BotMetrics(locale: "en"),
            digest: { draws in "digest of \(draws.count): " + draws.map { String($0.issue) }.joined(separator: ",") })
    }

    func deliver(_ issues: ClosedRange<Int64>, via worker: SinkWorker) async {
        for issue in issues {
            worker.enqueue(Post(locale: "en", draw: Fixtures.draw(issue), colorNames: ["red"], text: "draw \(issue)", postedAtMillis: 0))
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await worker.run() }
            await worker.idle()
            group.cancelAll()
        }
    }

    @Test func postsThatWaitedPastMaxCatchUpAreOneDigestCoveringAllMarkedSentInTheLedger() async throws {
        let sink = HoldingSink([LostChatTests.lost, nil], holdAt: nil)
        let ledger = InMemoryDeliveryLedger()
        await deliver(1...6, via: worker(sink, ledger: ledger, maxCatchUp: 2))
        // Draw 1 went through on the retry; the five that waited, in one digest.
        #expect(sink.delivered == ["draw 1", "digest of 5: 2,3,4,5,6"])
        for issue in Int64(2)...6 {
            #expect(try await ledger.claim(LedgerKey(locale: "en", sink: "held", issue: issue), ttl: .seconds(10)) == .alreadySent)
        }
        #expect(try await ledger.resumePoint(locale: "en", sinks: ["held"]) == 6)
    }

    @Test func postsThatWaitedUpToMaxCatchUpArePostedEachOnItsOwn() async throws {
        let sink = HoldingSink([LostChatTests.lost, nil], holdAt: nil)
        await deliver(1...4, via: worker(sink, ledger: InMemoryDeliveryLedger(), maxCatchUp: 3))
        #expect(sink.delivered == ["draw 1", "draw 2", "draw 3", "draw 4"])
    }
}

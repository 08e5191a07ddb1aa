// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotLocalization
import BotSupport
import Foundation
import Logging
import Testing

/// A running bot away longer than the game API's window (issue 27: "every draw not posted is
/// counted and logged by issue number, and the log's counts are exact"): the draws between the
/// last one posted and the feed's oldest were dropped without a word.
@Suite struct DrawsLeftTheWindowTests {
    func draws(_ issues: ClosedRange<Int64>) -> [Draw] { issues.map { Fixtures.draw($0) } }

    @Test func aGapBetweenTheLastPostedDrawAndTheFeedIsReportedByIssue() {
        var tracker = DrawTracker(maxCatchUp: 10)
        _ = tracker.select(from: draws(1020...1028))
        let selection = tracker.select(from: draws(1032...1040))
        #expect(selection.draws.map(\.issue) == Array(1032...1040))
        #expect(selection.missing == 1029...1031)
        #expect(!selection.digest)
        // The next feed overlaps: nothing more is missing.
        #expect(tracker.select(from: draws(1035...1041)).missing == nil)
    }

    @Test func everyDrawIsEitherMissingOrSelectedAndTheCountsAddUp() {
        var tracker = DrawTracker(maxCatchUp: 10, lastIssue: 1028)
        let selection = tracker.select(from: draws(1040...1059))
        #expect(selection.missing == 1029...1039)
        // Past max_catch_up nothing is dropped: all twenty go out as one digest.
        #expect(selection.digest)
        #expect(selection.draws.map(\.issue) == Array(1040...1059))
        #expect((selection.missing?.count ?? 0) + selection.draws.count == 1059 - 1028)
    }

    @Test func thePosterLogsTheDrawsThatLeftTheWindowOnceWithTheirExactCount() async throws {
        let sink = RecordingSink()
        let logs = LogRecorder()
        let bundle = try LocaleBundle.parse(yaml: LocaleFiles.full(result: "{{issue}}"), file: "en.yaml", code: "en")
        let poster = try TestBot().with {
            $0.bundle = bundle
            $0.parts.sinks = [sink]
            $0.parts.wallClock = ManualWallClock()
            $0.logger = logs.logger(label: "t")
        }.poster()
        try await withRunningPosters([poster]) {
            await poster.offer(draws(1026...1028))
            await poster.offer(draws(1032...1034))
            await poster.offer(draws(1032...1035))
            await poster.idle()
        }
        #expect(sink.issues == [1028, 1032, 1033, 1034, 1035])
        let left = logs.entries(atLeast: .warning, containing: "left the game API's window")
        #expect(left.map(\.message) == ["Draws 1029–1031 (3 draws) left the game API's window before they could be posted"])
    }
}

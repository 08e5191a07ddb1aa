// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotLocalization
import BotSupport
import Foundation
import Testing

/// The poster hands each draw's feed to the renderer, so a post shows the results before it.
@Suite struct DrawPosterHistoryTests {
    let sink = RecordingSink()

    func poster() throws -> DrawPoster {
        let yaml = LocaleFiles.full(result: "{{issue}}|{{history}}|{{streak_color}} {{streak}}")
        let bundle = try LocaleBundle.parse(yaml: yaml, file: "en.yaml", code: "en")
        return try TestBot().with {
            $0.bundle = bundle
            $0.parts.sinks = [sink]
            $0.parts.wallClock = ManualWallClock()
        }.poster()
    }

    func draw(_ issue: Int64, _ color: String) -> Draw { Draw(issue: issue, value: "\(issue)", colors: [color]) }

    @Test func eachPostShowsTheFeedUpToItsDraw() async throws {
        let poster = try poster()
        let first = [draw(1, "Red"), draw(2, "Green"), draw(3, "Green")]
        let draw = self.draw
        try await withRunningPosters([poster]) {
            await poster.offer(first)
            await poster.offer(first + [draw(4, "Green"), draw(5, "Red")])
            await poster.idle()
        }
        #expect(sink.posts.map(\.text) == ["3|rgg|GREEN 2 draws", "4|rggg|GREEN 3 draws", "5|rgggr|RED 1 draw"])
    }
}

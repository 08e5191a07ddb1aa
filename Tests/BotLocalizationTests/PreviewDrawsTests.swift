// SPDX-License-Identifier: Apache-2.0
import BotLocalization
import Foundation
import Testing

/// The made-up draws of `locales preview` give the run asked for.
@Suite struct PreviewDrawsTests {
    @Test(arguments: [1, 2, 3, 10, 22])
    func theRunIsAsLongAsAsked(streak: Int) {
        let draws = PreviewDraws(issue: 1012, value: "398", colors: ["red", "violet"], streak: streak, time: Date(), history: 10)
        let history = DrawHistory(draw: draws.draw, window: draws.window, limit: 10)
        #expect(history.streakCount == streak)
        #expect(history.recent.count == 10)
        #expect(draws.window.map(\.issue) == draws.window.map(\.issue).sorted())
    }
}

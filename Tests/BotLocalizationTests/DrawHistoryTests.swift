// SPDX-License-Identifier: Apache-2.0
import BotLocalization
import BotSupport
import Testing

@Suite struct DrawHistoryTests {
    func draw(_ issue: Int64, _ colors: String...) -> Draw { Draw(issue: issue, value: "1", colors: colors) }

    @Test func recentDrawsAreTheWindowUpToTheDrawOldestFirstCappedAtTheLimit() {
        let window = (1...12).map { draw($0, "Red") }.shuffled()
        let history = DrawHistory(draw: draw(9, "Red"), window: window, limit: 5)
        #expect(history.recent.map(\.issue) == [5, 6, 7, 8, 9])
    }

    @Test func theDrawCountsEvenWhenTheWindowLacksIt() {
        let history = DrawHistory(draw: draw(4, "Green"), window: [draw(2, "Green"), draw(3, "Green")], limit: 10)
        #expect(history.recent.map(\.issue) == [2, 3, 4])
        #expect(history.streakCount == 3)
    }

    @Test func streakCountsTheRunOfTheMainColourBackFromTheDraw() {
        let window = [draw(1, "Green"), draw(2, "Red"), draw(3, "Green"), draw(4, "Green", "Violet"), draw(5, "green"), draw(6, "Red")]
        let history = DrawHistory(draw: window[4], window: window, limit: 10)
        #expect(history.streakCount == 3)
        #expect(history.streakColor == "green")
        #expect(DrawHistory(draw: window[5], window: window, limit: 10).streakCount == 1)
    }

    @Test func theMainColourIsTheFirstTheGameNames() {
        let window = [draw(1, "Violet"), draw(2, "Red", "Violet")]
        let history = DrawHistory(draw: window[1], window: window, limit: 10)
        #expect(history.streakColor == "red")
        #expect(history.streakCount == 1)
    }

    @Test func aRunLongerThanTheWindowShowsAsTheWindow() {
        let window = (1...10).map { draw($0, "Red") }
        #expect(DrawHistory(draw: window[9], window: window, limit: 3).streakCount == 10)
    }
}

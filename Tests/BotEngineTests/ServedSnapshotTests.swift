// SPDX-License-Identifier: Apache-2.0
import BotEngine
import Testing

/// The lease holder's served snapshot and its long-poll waiters, without HTTP.
@Suite struct ServedSnapshotTests {
    func waitForWaiters(_ board: ServedSnapshot, _ count: Int) async throws {
        for _ in 0..<3000 where board.waitingCount < count { try await Task.sleep(for: .milliseconds(5)) }
        try #require(board.waitingCount == count)
    }

    @Test func itAnswersByTheSequenceAndStampsWhatRedisCouldNotTake() async {
        let board = ServedSnapshot()
        #expect(await board.next(after: nil, wait: .zero) == .notHolder)
        board.post(Array(#"{"a":1,"sequence":7}"#.utf8), sequence: 7)
        #expect(await board.next(after: nil, wait: .zero) == .snapshot(.init(bytes: Array(#"{"a":1,"sequence":7}"#.utf8), sequence: 7)))
        #expect(await board.next(after: 7, wait: .zero) == .unchanged(sequence: 7))
        #expect(board.postUnshared(Array(#"{"a":2}"#.utf8)) == 8)
        #expect(board.current == .init(bytes: Array(#"{"a":2,"sequence":8}"#.utf8), sequence: 8))
    }

    @Test func aWaiterIsAnsweredByANewSnapshotOrTheLeaseGoing() async throws {
        let board = ServedSnapshot()
        board.post(Array("{}".utf8), sequence: 1)
        let first = Task { await board.next(after: 1, wait: .seconds(600)) }
        try await waitForWaiters(board, 1)
        board.post(Array("{}".utf8), sequence: 2)
        #expect(await first.value == .snapshot(.init(bytes: Array("{}".utf8), sequence: 2)))

        let second = Task { await board.next(after: 2, wait: .seconds(600)) }
        try await waitForWaiters(board, 1)
        board.withdraw()
        #expect(await second.value == .notHolder)
        #expect(board.waitingCount == 0)
    }

    @Test func waitersAreBoundedAndACancelledOneLeaves() async throws {
        let board = ServedSnapshot(maxWaiters: 1)
        board.post(Array("{}".utf8), sequence: 1)
        let waiting = Task { await board.next(after: 1, wait: .seconds(600)) }
        try await waitForWaiters(board, 1)
        #expect(await board.next(after: 1, wait: .seconds(600)) == .tooManyWaiting)
        waiting.cancel()
        #expect(await waiting.value == .unchanged(sequence: 1))
        #expect(board.waitingCount == 0)
    }
}

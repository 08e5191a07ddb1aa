// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// Where a bot keeps the message id of each sink's live board, so that it edits the same message
/// after a restart (and a twin of its locale does too).
public protocol BoardStore: Sendable {
    /// The id of the board message of `locale`'s sink `sink`; nil before the first board.
    func messageID(locale: String, sink: String) async throws -> String?
    /// Keeps `id` as the board message of `locale`'s sink `sink`.
    func setMessageID(_ id: String, locale: String, sink: String) async throws
}

/// The board ids in memory: for a bot without Redis (a restart posts a new board).
public final class InMemoryBoardStore: BoardStore {
    private let ids = Mutex<[String: String]>([:])

    /// An empty store.
    public init() {}

    public func messageID(locale: String, sink: String) async throws -> String? {
        ids.withLock { $0["\(locale)\u{0}\(sink)"] }
    }

    public func setMessageID(_ id: String, locale: String, sink: String) async throws {
        ids.withLock { $0["\(locale)\u{0}\(sink)"] = id }
    }
}

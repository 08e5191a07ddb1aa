// SPDX-License-Identifier: Apache-2.0
import BotLocalization
import Logging

/// Keeps the live board of one `LiveBoardSink`, as a sink of its own named `<sink>.board` (a name
/// no configured sink can have): its own queue, so an edit that is slow or fails never holds back
/// the sink's messages, and its own ledger entries, so that of two bots of one locale only one
/// updates the board for a draw.
///
/// Each post edits the board message whose id `store` keeps; without one, or when the message was
/// deleted in the chat, it posts a new one (and pins it when `pin: true`) and keeps its id.
public struct BoardSink: MessageSink {
    /// The sink whose chat has the board.
    public let inner: any LiveBoardSink
    private let store: any BoardStore
    /// The id of the board this process posted or last read: used while `store` cannot keep or give it.
    private let remembered = InMemoryBoardStore()
    private let logger: Logger
    /// `<sink>.board`.
    public var name: String { inner.name + ".board" }
    /// The inner sink's markup: the board's values are escaped for it.
    public var format: MessageFormat { inner.format }

    /// A board sink over `inner`, its message id kept in `store`.
    public init(_ inner: any LiveBoardSink, store: any BoardStore, logger: Logger) {
        self.inner = inner
        self.store = store
        self.logger = logger
    }

    /// Shows `text` (cut to one message of the inner sink) on the board: edits the board message,
    /// or posts (and pins) a new one.
    public func send(_ text: String, of post: Post) async throws {
        let text = MessageSplitter.split(text, limit: inner.maxLength).first ?? ""
        let memo = try await remembered.messageID(locale: post.locale, sink: inner.name)
        let known: String?
        do {
            known = try await store.messageID(locale: post.locale, sink: inner.name) ?? memo
        } catch {
            // Posting without knowing the board's id would leave a second board in the chat.
            guard let memo else { throw SinkError(.transient, "could not read the id of the board message of \(inner.name) (\(error))") }
            known = memo
        }
        if let known {
            if try await inner.editBoard(known, text: text) { return }
            logger.info("The board message of \(inner.name) is gone from the chat; posting a new one", metadata: ["sink.name": "\(inner.name)"])
        }
        let id = try await inner.postBoard(text, of: post)
        try await remembered.setMessageID(id, locale: post.locale, sink: inner.name)
        do {
            try await store.setMessageID(id, locale: post.locale, sink: inner.name)
        } catch {
            logger.warning("Could not keep the id of the new board message of \(inner.name) in Redis (\(error)); a restart posts a new board")
        }
        guard inner.board?.pin == true else { return }
        do {
            try await inner.pinBoard(id)
        } catch {
            logger.warning(
                "Could not pin the board of \(inner.name): \(error); the board is kept up to date unpinned (the bot must be an admin allowed to pin)")
        }
    }
}

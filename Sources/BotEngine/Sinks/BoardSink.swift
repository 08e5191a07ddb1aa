// SPDX-License-Identifier: Apache-2.0
import BotLocalization
import BotStore
import Logging

/// Keeps the live board of one `LiveBoardSink`, as a sink of its own named `<sink>.board` (a name
/// no configured sink can have): its own queue, so an edit that is slow or fails never holds back
/// the sink's messages, and its own ledger entries, so that of two bots of one locale only one
/// updates the board for a draw.
///
/// Each post edits the board message whose id the sink's state keeps (field `board`, read afresh
/// for each post, as a twin may have posted a new board); without one, or when the message was
/// deleted in the chat, it posts a new one (and pins it when `pin: true`) and keeps its id.
package struct BoardSink: MessageSink {
    /// The sink whose chat has the board.
    package let inner: any LiveBoardSink
    /// The board's message id, in the sink state (and in memory while the store cannot keep or give it).
    private let boardID: RememberedValue
    private let logger: Logger
    /// `<sink>.board`.
    package var name: String { inner.name + ".board" }
    /// The inner sink's markup: the board's values are escaped for it.
    package var format: MessageFormat { inner.format }

    /// A board sink over `inner` of the bot of `locale`, its message id kept in `state`.
    package init(_ inner: any LiveBoardSink, locale: String, state: any SinkStateStore, logger: Logger) {
        self.inner = inner
        self.boardID = RememberedValue(.board(locale: locale, sink: inner.name), in: state, logger: logger)
        self.logger = logger
    }

    /// Shows `text` (cut to one message of the inner sink) on the board: edits the board message,
    /// or posts (and pins) a new one.
    package func send(_ text: String, of post: Post) async throws {
        try await send(text, of: post) {}
    }

    /// As `send(_:of:)`; claims (`beforeRequest`) after the inner sink's wait for its rate limits,
    /// right before the edit or the post goes out, so that no claim is held across a wait.
    package func send(_ text: String, of post: Post, beforeRequest: @escaping @Sendable () async throws -> Void) async throws {
        let text = MessageSplitter.split(text, limit: inner.maxLength).first ?? ""
        let known: String?
        do {
            known = try await boardID.latest()
        } catch {
            // Posting without knowing the board's id would leave a second board in the chat.
            throw SinkError(.transient, "could not read the id of the board message of \(inner.name) (\(error))")
        }
        if let known {
            if try await inner.editBoard(known, text: text, beforeRequest: beforeRequest) { return }
            logger.info("The board message of \(inner.name) is gone from the chat; posting a new one", metadata: ["sink.name": "\(inner.name)"])
        }
        let id = try await inner.postBoard(text, of: post, beforeRequest: beforeRequest)
        await boardID.set(id)
        guard inner.board?.pin == true else { return }
        do {
            try await inner.pinBoard(id)
        } catch {
            logger.warning(
                "Could not pin the board of \(inner.name): \(error); the board is kept up to date unpinned (the bot must be an admin allowed to pin)")
        }
    }
}

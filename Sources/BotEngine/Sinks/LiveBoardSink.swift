// SPDX-License-Identifier: Apache-2.0
/// A sink that can keep a live board: Telegram (`sendMessage`, `editMessageText`, `pinChatMessage`)
/// and Discord (a webhook message posted with `?wait=true`, then edited with `PATCH`). Its `board`
/// settings, if any, turn the board on; a `BoardSink` keeps it through the sink's own worker.
package protocol LiveBoardSink: MessageSink {
    /// The sink's `board:` settings; nil: no board.
    var board: BoardSettings? { get }
    /// Posts `text` (already escaped for `format`) as a new message, with a notification unless the
    /// sink's messages for `post` go silent (`disable_notification`, `quiet_hours`); returns its
    /// message id. `beforeRequest` runs right before the request goes out, after any wait for a
    /// rate limit (the worker claims the board's post there). Throws `SinkError`.
    func postBoard(_ text: String, of post: Post, beforeRequest: @escaping @Sendable () async throws -> Void) async throws -> String
    /// Edits message `id` to `text`: true when edited or already showing it, false when the message
    /// no longer exists (deleted in the chat). `beforeRequest` runs as for `postBoard`, also before
    /// an edit skipped at the chat's budget. Throws `SinkError` for any other failure.
    func editBoard(_ id: String, text: String, beforeRequest: @escaping @Sendable () async throws -> Void) async throws -> Bool
    /// Pins message `id` without notifying anyone. Throws `SinkError`.
    func pinBoard(_ id: String) async throws
}

// SPDX-License-Identifier: Apache-2.0
import CurlHTTP

/// The board's requests go over the trend picture's client, never in the way of the messages.
extension DiscordSink: LiveBoardSink {
    /// From the sink's `board:` config.
    package var board: BoardSettings? { settings.board }

    /// The webhook message posted with `?wait=true` into the sink's thread (as its messages are,
    /// creating the forum post of `thread_name` if need be), silent in quiet hours; the id is the
    /// answer's `id`.
    package func postBoard(_ text: String, of post: Post, beforeRequest: @escaping @Sendable () async throws -> Void) async throws -> String {
        let response = try await postMessage(text, of: post, over: pictureHTTP, beforeRequest: beforeRequest)
        guard case .string(let id) = HTTPSinkClient.jsonObject(response)?["id"] else {
            throw SinkError(.transient, "Discord posted the board but its answer has no message id")
        }
        return id
    }

    /// `PATCH /webhooks/{id}/{token}/messages/{message_id}` (`?thread_id=` when the board is in a
    /// thread): 404 (deleted in the channel) is false.
    package func editBoard(_ id: String, text: String, beforeRequest: @escaping @Sendable () async throws -> Void) async throws -> Bool {
        // An id that is no Discord snowflake (a store written by hand) names no board.
        guard !id.isEmpty, id.allSatisfy(\.isASCII), id.allSatisfy(\.isNumber) else { return false }
        // Over the channel's budget, this edit is skipped: the next one carries the board's state.
        if sends.skipsEdit() {
            try await beforeRequest()
            return true
        }
        let thread = await currentThreadID()
        try await waitForBucket()
        try await beforeRequest()
        sends.record(.edit)
        let response = try await pictureHTTP.send(
            .patch, messageURL(id, thread: thread), body: HTTPSinkClient.encode(Message(content: text)), contentType: "application/json")
        await invalid.note(response.status)
        if response.status == 404 { return false }
        try check(response)
        return true
    }

    /// Webhook messages cannot be pinned: `board: true` on Discord never asks for it.
    package func pinBoard(_ id: String) async throws {}

    /// The webhook URL of message `id`, its query kept, with `thread_id` when the message is in a thread.
    func messageURL(_ id: String, thread: String?) -> String {
        let url = settings.webhookURL.value
        let mark = url.firstIndex(of: "?") ?? url.endIndex
        let query = String(url[mark...])
        let threadQuery = thread.map { (query.isEmpty ? "?" : "&") + "thread_id=" + $0 } ?? ""
        return url[..<mark] + "/messages/" + id + query + threadQuery
    }
}

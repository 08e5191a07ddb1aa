// SPDX-License-Identifier: Apache-2.0
import BotSupport
import CurlHTTP

/// A group that became a supergroup: Telegram answers 400 with `parameters.migrate_to_chat_id`.
/// The sink re-sends at once to the new chat, posts there from then on (kept in its
/// `SinkStateStore`, so across restarts), and says once that the config should be updated.
extension TelegramSink {
    /// Sends one request, made by `request` for a chat id, to the sink's chat within Telegram's rate
    /// limits; follows the chat to its new id when it moved. Returns an `ok` answer; throws the
    /// `SinkError` of any other. `beforeRequest` runs after the wait for the rate limits, right
    /// before each request.
    @discardableResult
    func sendToChat(
        kind: SendTally.Kind, beforeRequest: @Sendable () async throws -> Void = {}, _ request: (String) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        let (response, chat) = try await requestToChat(kind: kind, beforeRequest: beforeRequest, request)
        try check(response, chat: chat)
        return response
    }

    /// As `sendToChat`, but returns the answer unchecked (any answer but "the chat moved"), with
    /// the chat it came from.
    func requestToChat(
        kind: SendTally.Kind, beforeRequest: @Sendable () async throws -> Void = {}, _ request: (String) async throws -> HTTPResponse
    ) async throws -> (HTTPResponse, chat: String) {
        var chat = await currentChat()
        for _ in 0..<3 {
            try await limit(Self.rules(chatID: chat))
            try await beforeRequest()
            sends.record(kind)
            let response = try await request(chat)
            guard response.status == 400, let moved = HTTPSinkClient.jsonObject(response)?["parameters"]?["migrate_to_chat_id"],
                let newID = moved.chatID, newID != chat
            else { return (response, chat) }
            await migrate(from: chat, to: newID)
            chat = newID
        }
        throw SinkError(.permanent, "Telegram moved chat \(settings.chatID) again and again; check chat_id")
    }

    /// The chat posted to: `chat_id`, or the chat it moved to.
    func currentChat() async -> String {
        guard let kept = await migration.value() else { return settings.chatID }
        let ids = kept.split(separator: "\t").map(String.init)
        guard ids.count == 2, ids[0] == settings.chatID else { return settings.chatID }
        noticeOnce(
            "Sink \(settings.name): chat \(settings.chatID) became chat \(ids[1]) (a supergroup); posting there; set chat_id: \"\(ids[1])\" in the config"
        )
        return ids[1]
    }

    private func migrate(from old: String, to new: String) async {
        await migration.set("\(settings.chatID)\t\(new)")
        noticeOnce(
            "Sink \(settings.name): chat \(old) became chat \(new) (a supergroup); re-sent there and posting there from now on; set chat_id: \"\(new)\" in the config"
        )
    }

    private func noticeOnce(_ message: String) {
        if migration.isFirstNotice() { context.logger.warning("\(message)", metadata: ["sink.name": "\(settings.name)"]) }
    }
}

extension JSONValue {
    /// A chat id as Telegram sends it: a number (`-1001234567890`).
    fileprivate var chatID: String? {
        switch self {
        case .integer(let value): String(value)
        case .string(let value) where Int64(value) != nil: value
        default: nil
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
import CurlHTTP

/// The board's requests go over the trend picture's client, never in the way of the messages.
extension TelegramSink: LiveBoardSink {
    /// From the sink's `board:` config.
    package var board: BoardSettings? { settings.board }

    struct BoardEdit: Encodable {
        var chatID: Message.ChatID
        var messageID: Int64
        var text: String
        var parseMode: String?
        var linkPreviewOptions = Message.LinkPreviewOptions()

        enum CodingKeys: String, CodingKey {
            case chatID = "chat_id", messageID = "message_id", text, parseMode = "parse_mode", linkPreviewOptions = "link_preview_options"
        }
    }

    struct BoardPin: Encodable {
        var chatID: Message.ChatID
        var messageID: Int64
        var disableNotification = true

        enum CodingKeys: String, CodingKey {
            case chatID = "chat_id", messageID = "message_id", disableNotification = "disable_notification"
        }
    }

    /// `sendMessage` (into the sink's topic, if any; silent as the sink's messages are for `post`);
    /// the id is the answer's `result.message_id`.
    package func postBoard(_ text: String, of post: Post, beforeRequest: @escaping @Sendable () async throws -> Void) async throws -> String {
        let response = try await sendMessage(text, of: post, over: pictureHTTP, beforeRequest: beforeRequest)
        guard case .integer(let id) = HTTPSinkClient.jsonObject(response)?["result"]?["message_id"] else {
            throw SinkError(.transient, "Telegram posted the board to chat \(settings.chatID) but its answer has no result.message_id")
        }
        return String(id)
    }

    /// `editMessageText` (which never notifies): "message is not modified" is the board as it
    /// should be; "message to edit not found" (deleted in the chat) is false.
    package func editBoard(_ id: String, text: String, beforeRequest: @escaping @Sendable () async throws -> Void) async throws -> Bool {
        // An id that is no Telegram message id (a store written by hand) names no board.
        guard let messageID = Int64(id) else { return false }
        // Over the chat's budget, this edit is skipped: the next one carries the board's state.
        if sends.skipsEdit() {
            context.logger.debug("Sink \(name): board edit skipped, chat \(settings.chatID) is at its budget", metadata: ["sink.name": "\(name)"])
            try await beforeRequest()
            return true
        }
        let url = methodURL("editMessageText")
        let (response, chat) = try await requestToChat(kind: .edit, beforeRequest: beforeRequest) { chat in
            let edit = BoardEdit(chatID: Self.chatID(chat), messageID: messageID, text: text, parseMode: settings.parseMode.apiValue)
            return try await pictureHTTP.postJSON(url, body: HTTPSinkClient.encode(edit))
        }
        if response.status == 400, let description = HTTPSinkClient.jsonObject(response)?["description"]?.text?.lowercased() {
            if description.contains("message is not modified") { return true }
            if description.contains("message to edit not found") { return false }
        }
        try check(response, chat: chat)
        return true
    }

    /// `pinChatMessage` with `disable_notification: true`, whatever the hour.
    package func pinBoard(_ id: String) async throws {
        guard let messageID = Int64(id) else { return }
        let url = methodURL("pinChatMessage")
        try await sendToChat(kind: .pin) { chat in
            try await pictureHTTP.postJSON(url, body: HTTPSinkClient.encode(BoardPin(chatID: Self.chatID(chat), messageID: messageID)))
        }
    }
}

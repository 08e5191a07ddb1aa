// SPDX-License-Identifier: Apache-2.0
extension TelegramSink: PictureSink {
    /// From the sink's `trend:` config.
    package var trend: TrendSettings? { settings.trend }
    /// Telegram's limit on a photo's caption.
    package var captionLimit: Int { 1024 }
    /// A photo takes no alt text of its own: it ends the caption.
    package var altTextInCaption: Bool { true }

    /// `sendPhoto` with the PNG uploaded as `multipart/form-data`, within the chat's rate limits,
    /// the caption in the sink's parse mode.
    package func sendPicture(_ png: [UInt8], caption: String, of post: Post) async throws {
        try await sendPicture(png, caption: caption, of: post) {}
    }

    /// As `sendPicture(_:caption:of:)`; `beforeRequest` runs after the wait for the rate limits.
    package func sendPicture(
        _ png: [UInt8], caption: String, of post: Post, beforeRequest: @escaping @Sendable () async throws -> Void
    ) async throws {
        try await sendToChat(kind: .picture, beforeRequest: beforeRequest) { chat in
            var form = MultipartForm()
            form.field("chat_id", chat)
            if let topic = settings.messageThreadID { form.field("message_thread_id", String(topic)) }
            form.file("photo", fileName: "trend-\(post.draw.issue).png", contentType: "image/png", png)
            if !caption.isEmpty {
                form.field("caption", caption)
                if let mode = settings.parseMode.apiValue { form.field("parse_mode", mode) }
            }
            if isSilent(post) { form.field("disable_notification", "true") }
            if settings.protectContent { form.field("protect_content", "true") }
            let (body, contentType) = form.encoded()
            return try await pictureHTTP.post("\(settings.apiBaseURL)/bot\(settings.token.value)/sendPhoto", body: body, contentType: contentType)
        }
    }
}

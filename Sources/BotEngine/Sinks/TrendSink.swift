// SPDX-License-Identifier: Apache-2.0
import BotLocalization
/// Delivers the trend pictures of one `PictureSink`, as a sink of its own named `<sink>.trend`
/// (a name no configured sink can have): its own queue, so a picture that is slow or fails never
/// holds back the sink's messages, and its own ledger entries, once per draw.
package struct TrendSink: MessageSink {
    /// The sink that posts the pictures.
    package let inner: any PictureSink
    /// `<sink>.trend`.
    package var name: String { inner.name + ".trend" }
    /// The inner sink's markup: the caption is escaped for it.
    package var format: MessageFormat { inner.format }

    /// A trend sink over `inner`.
    package init(_ inner: any PictureSink) {
        self.inner = inner
    }

    /// Posts the post's picture with its text as the caption (and, where the inner sink takes no
    /// alt text of its own, the alt text after it), cut to the sink's caption limit.
    package func send(_ text: String, of post: Post) async throws {
        try await send(text, of: post) {}
    }

    /// As `send(_:of:)`; claims (`beforeRequest`) after the inner sink's wait for its rate limits,
    /// right before the request.
    package func send(_ text: String, of post: Post, beforeRequest: @escaping @Sendable () async throws -> Void) async throws {
        guard let picture = post.picture else { throw SinkError(.permanent, "no picture to post for draw \(post.draw.issue)") }
        var text = text
        if inner.altTextInCaption, let alt = post.altText, !alt.isEmpty {
            text += (text.isEmpty ? "" : "\n\n") + inner.format.escape(alt)
        }
        let caption = MessageSplitter.split(text, limit: inner.captionLimit).first ?? ""
        try await inner.sendPicture(picture, caption: caption, of: post, beforeRequest: beforeRequest)
    }
}

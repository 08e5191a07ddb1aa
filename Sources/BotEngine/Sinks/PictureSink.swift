// SPDX-License-Identifier: Apache-2.0
/// A sink that can post a picture with a caption: Telegram (`sendPhoto`), Discord (an attached
/// file), the webhook (a second POST). Its `trend` settings, if any, say when the trend picture is
/// posted; a `TrendSink` delivers it through the sink's own worker and ledger entries.
package protocol PictureSink: MessageSink {
    /// When and how the trend picture is posted; nil: never.
    var trend: TrendSettings? { get }
    /// The longest caption, in characters; a longer one is cut at a line boundary.
    var captionLimit: Int { get }
    /// Whether the picture's alt text goes at the end of its caption (Telegram, whose uploads take
    /// none of their own), rather than with the upload.
    var altTextInCaption: Bool { get }
    /// Posts `png` with `caption` (already escaped for `format`; may be empty) for `post`'s draw. Throws `SinkError`.
    func sendPicture(_ png: [UInt8], caption: String, of post: Post) async throws
    /// As `sendPicture(_:caption:of:)`, calling `beforeRequest` right before each request goes out,
    /// after any wait for a rate limit (see `MessageSink.send(_:of:beforeRequest:)`).
    func sendPicture(_ png: [UInt8], caption: String, of post: Post, beforeRequest: @escaping @Sendable () async throws -> Void) async throws
}

extension PictureSink {
    /// `beforeRequest`, then `sendPicture(_:caption:of:)`: for a sink that does not wait before its request.
    package func sendPicture(
        _ png: [UInt8], caption: String, of post: Post, beforeRequest: @escaping @Sendable () async throws -> Void
    ) async throws {
        try await beforeRequest()
        try await sendPicture(png, caption: caption, of: post)
    }
}

extension PictureSink {
    /// The alt text goes with the upload.
    package var altTextInCaption: Bool { false }
}

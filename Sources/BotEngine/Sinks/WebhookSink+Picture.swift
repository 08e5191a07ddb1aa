// SPDX-License-Identifier: Apache-2.0
import CurlHTTP
import Foundation

extension WebhookSink: PictureSink {
    /// From the sink's `trend:` config.
    package var trend: TrendSettings? { settings.trend }
    /// No limit of its own; the caption is kept as long as a message.
    package var captionLimit: Int { 4096 }

    /// The trend picture's JSON: `{"kind":"trend","locale","issue","caption","png_base64","posted_at_ms"}`
    /// (and `"silent"` with `quiet_hours`, `"alt_text"` when the locale has `messages.trend_alt`).
    struct TrendRecord: Encodable {
        var kind = "trend"
        var locale: String
        var issue: Int64
        var caption: String
        var pngBase64: String
        var postedAtMs: Int64
        var silent: Bool?
        var altText: String?

        enum CodingKeys: String, CodingKey {
            case kind, locale, issue, caption, pngBase64 = "png_base64", postedAtMs = "posted_at_ms", silent, altText = "alt_text"
        }
    }

    /// A second POST to the same URL, signed as posts are, with the PNG in base64 in JSON.
    package func sendPicture(_ png: [UInt8], caption: String, of post: Post) async throws {
        let record = TrendRecord(
            locale: post.locale, issue: post.draw.issue, caption: caption, pngBase64: Data(png).base64EncodedString(),
            postedAtMs: post.postedAtMillis, silent: silent(post), altText: post.altText
        )
        try await deliver(HTTPSinkClient.encode(record), over: pictureHTTP, key: idempotencyKey(post, picture: true))
    }
}

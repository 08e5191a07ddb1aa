// SPDX-License-Identifier: Apache-2.0
import CurlHTTP

extension DiscordSink: PictureSink {
    /// From the sink's `trend:` config.
    package var trend: TrendSettings? { settings.trend }
    /// Discord's limit on a message's content.
    package var captionLimit: Int { 2000 }
    /// Discord's limit on an attachment's description (alt text).
    static let altTextLimit = 1024

    /// The webhook with the PNG attached (`multipart/form-data`: `payload_json` and `files[0]`),
    /// the caption as the message's content; mentions never ping.
    package func sendPicture(_ png: [UInt8], caption: String, of post: Post) async throws {
        try await sendInThread { target in
            try await waitForBucket()
            sends.record(.picture)
            let fileName = "trend-\(post.draw.issue).png"
            let message = Message(
                content: caption, username: settings.username, attachments: [.init(id: 0, filename: fileName, description: post.altText.map { String($0.prefix(Self.altTextLimit)) })], threadName: target.newThreadName,
                flags: flags(for: post))
            var form = MultipartForm()
            form.field("payload_json", String(decoding: HTTPSinkClient.encode(message), as: UTF8.self), contentType: "application/json")
            form.file("files[0]", fileName: fileName, contentType: "image/png", png)
            let (body, contentType) = form.encoded()
            return try await pictureHTTP.post(url(for: target), body: body, contentType: contentType)
        }
    }
}

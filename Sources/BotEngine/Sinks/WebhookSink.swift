// SPDX-License-Identifier: Apache-2.0
import Crypto
import CurlHTTP
import Foundation

/// POSTs each post as the JSON object scripts read (`PostRecord`) to a URL, optionally signed
/// with HMAC-SHA256 of the body (`X-RedGreen-Signature: sha256=<hex>`) so receivers can verify
/// the sender.
package struct WebhookSink: MessageSink {
    /// The sink's name.
    package let name: String
    let settings: WebhookSinkSettings
    let http: HTTPSinkClient
    /// The trend picture's POSTs: a transport of their own, so posts never queue behind one.
    let pictureHTTP: HTTPSinkClient
    let context: SinkContext

    /// A sink for `settings`.
    /// `pictureTransport` carries the trend picture's POSTs (a client of its own when `trend:` is set); `transport` when nil.
    /// `context` gives the game for the `Idempotency-Key` and the time zone of `quiet_hours`.
    package init(
        settings: WebhookSinkSettings, transport: any HTTPTransport, pictureTransport: (any HTTPTransport)? = nil, timeout: Duration = .seconds(10),
        context: SinkContext = .standalone()
    ) {
        self.name = settings.name
        self.settings = settings
        let secrets = HTTPSinkClient.secretParts(ofURL: settings.url.value) + [settings.signingSecret?.value ?? ""]
        self.http = HTTPSinkClient(transport: transport, timeout: timeout, secrets: secrets)
        self.pictureHTTP = http.over(pictureTransport)
        self.context = context
    }

    /// The `Idempotency-Key` of `post`'s message: `<locale>:<game>:<sink>:<issue>`, the same in
    /// every attempt and every twin of the bot; the trend picture's ends in `:trend`.
    func idempotencyKey(_ post: Post, picture: Bool = false) -> String {
        "\(post.locale):\(context.game):\(name):\(post.draw.issue)" + (picture ? ":trend" : "")
    }

    /// `"silent"` of the body: whether `post` falls in `quiet_hours`; nil (left out) without them.
    func silent(_ post: Post) -> Bool? {
        settings.quietHours.map { _ in context.isQuiet(post, settings.quietHours) }
    }

    /// `sha256=<hex of HMAC-SHA256(secret, body)>`.
    package static func signature(body: [UInt8], secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    package func send(_ text: String, of post: Post) async throws {
        var record = PostRecord(post)
        record.text = text
        record.silent = silent(post)
        try await deliver(record.json(), over: http, key: idempotencyKey(post))
    }

    /// POSTs `body` as JSON over `http` with `Idempotency-Key: key`, signed when the sink has a secret.
    func deliver(_ body: [UInt8], over http: HTTPSinkClient, key: String) async throws {
        var headers = [HTTPHeader("Idempotency-Key", key)]
        if let secret = settings.signingSecret {
            headers.append(HTTPHeader(settings.signatureHeader, Self.signature(body: body, secret: secret.value)))
        }
        let response = try await http.postJSON(settings.url.value, body: body, headers: headers)
        switch response.status {
        case 200..<300: return
        case 429:
            throw SinkError(
                .rateLimited(retryAfter: HTTPSinkClient.retryAfterHeader(response) ?? .seconds(1)), "the webhook asked to slow down (HTTP 429)")
        case 500...:
            throw SinkError(.transient, "the webhook answered HTTP \(response.status)")
        default:
            throw SinkError(.permanent, http.redact("the webhook refused the post (HTTP \(response.status)); check url and the receiver"))
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotSupport
import CurlHTTP
import Foundation
import Synchronization

/// The game API over HTTP: a GET with the configured headers and query parameters, whose body
/// `DrawDecoder` validates with the configured response mapping. A body equal to the last one
/// decoded (an idle game, poll after poll) is not decoded again: its feed is the same.
package struct HTTPGameAPI: GameAPI {
    private let request: HTTPRequest
    private let transport: any HTTPTransport
    private let mapping: ResponseMapping
    private let lastDecoded = LastDecoded()

    /// Builds the request once from `settings`; `userAgent` is sent unless the headers set one.
    package init(settings: UpstreamSettings, transport: any HTTPTransport, userAgent: String) {
        self.mapping = settings.mapping
        var url = settings.url
        if !settings.params.isEmpty, var parts = URLComponents(string: settings.url) {
            var items = parts.queryItems ?? []
            for (name, value) in settings.params.sorted(by: { $0.key < $1.key }) {
                items.append(URLQueryItem(name: name, value: value))
            }
            parts.queryItems = items
            url = parts.string ?? settings.url
        }
        var headers = settings.headers.sorted(by: { $0.key < $1.key }).map { HTTPHeader($0.key, $0.value) }
        if !headers.contains(where: { $0.name.lowercased() == "user-agent" }) {
            headers.append(HTTPHeader("User-Agent", userAgent))
        }
        if !headers.contains(where: { $0.name.lowercased() == "accept" }) {
            headers.append(HTTPHeader("Accept", "application/json"))
        }
        self.request = HTTPRequest(
            method: .get, url: url, headers: headers, connectTimeout: min(settings.connectTimeout, settings.timeout),
            timeout: settings.timeout
        )
        self.transport = transport
    }

    /// The URL requested, query included.
    package var url: String { request.url }

    /// For a redirect, where it points (its query left out: it may echo a key of ours), as the bot
    /// does not follow redirects; empty for any other status.
    static func redirect(_ response: HTTPResponse) -> String {
        guard (300..<400).contains(response.status) else { return "" }
        guard let location = response.header("Location"), !location.isEmpty else { return " (a redirect without a Location header)" }
        let shown = location.split(separator: "?", maxSplits: 1).first.map(String.init) ?? ""
        let query = shown.count < location.count ? " (query left out)" : ""
        return " (a redirect to \(shown.prefix(200))\(query), which the bot does not follow: set upstream.url to the address it should poll)"
    }

    package func fetchDraws() async throws -> DrawFeed {
        let response: HTTPResponse
        do {
            response = try await transport.execute(request)
        } catch let error as HTTPClientError {
            if error.code == .cancelled { throw CancellationError() }
            throw UpstreamError(error.code == .timeout ? .timeout : .network, "game API request failed: \(error.message)")
        }
        guard (200..<300).contains(response.status) else {
            throw UpstreamError(.status, "game API answered HTTP \(response.status)\(Self.redirect(response))", status: response.status)
        }
        if let feed = lastDecoded.feed(for: response.body) { return feed }
        let feed = try DrawDecoder.decode(response.body, mapping: mapping)
        lastDecoded.keep(feed, for: response.body)
        return feed
    }
}

/// The last body an API decoded, and its feed.
private final class LastDecoded: Sendable {
    private let last = Mutex<(body: [UInt8], feed: DrawFeed)?>(nil)

    /// The feed of `body` when it is the last body decoded.
    func feed(for body: [UInt8]) -> DrawFeed? {
        last.withLock { last in last.flatMap { $0.body == body ? $0.feed : nil } }
    }

    func keep(_ feed: DrawFeed, for body: [UInt8]) {
        last.withLock { $0 = (body, feed) }
    }
}

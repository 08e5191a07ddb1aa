// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotSupport
import CurlHTTP
import Testing

/// A redirect from the game API names where it points (issue 19, item 12): the bot does not
/// follow redirects, and "answered HTTP 302" alone left the operator guessing.
@Suite struct RedirectMessageTests {
    struct Answer: HTTPTransport {
        let response: HTTPResponse
        func execute(_ request: HTTPRequest) async throws -> HTTPResponse { response }
    }

    static func error(_ response: HTTPResponse) async -> UpstreamError? {
        var settings = UpstreamSettings(url: "http://127.0.0.1:1/api")
        settings.retry = RetryPolicy(maxAttempts: 1, baseDelay: .milliseconds(1), maxDelay: .milliseconds(1))
        let api = HTTPGameAPI(settings: settings, transport: Answer(response: response), userAgent: "t")
        return await #expect(throws: UpstreamError.self) { try await api.fetchDraws() }
    }

    @Test func aRedirectNamesItsLocationWithoutTheQuery() async {
        let moved = await Self.error(
            HTTPResponse(status: 302, headers: [HTTPHeader("Location", "https://new.example/api/draws?key=s3cret")], body: []))
        #expect(
            moved?.message
                == "game API answered HTTP 302 (a redirect to https://new.example/api/draws (query left out), which the bot does not follow: set upstream.url to the address it should poll)"
        )
        #expect(moved?.message.contains("s3cret") == false)
        let bare = await Self.error(HTTPResponse(status: 301, headers: [], body: []))
        #expect(bare?.message == "game API answered HTTP 301 (a redirect without a Location header)")
        let other = await Self.error(HTTPResponse(status: 503, headers: [HTTPHeader("Location", "https://x")], body: []))
        #expect(other?.message == "game API answered HTTP 503")
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotSupport
import CurlHTTP
import TestHarness
import Testing

/// The game API over HTTP decodes a body only when it differs from the last one (issue 29: an idle
/// master's polls get the same body, poll after poll): an equal body gives the same feed, another
/// body its own, and an invalid one its error, every time.
@Suite struct GameAPIBodyTests {
    @Test func anEqualBodyGivesTheSameFeedAndAnotherBodyItsOwn() async throws {
        let bodies = [
            Fixtures.responseJSON((1...5).map { Fixtures.draw($0) }), Fixtures.responseJSON((1...5).map { Fixtures.draw($0) }),
            Fixtures.responseJSON((1...6).map { Fixtures.draw($0) }), "{\"code\":0}", Fixtures.responseJSON((1...6).map { Fixtures.draw($0) }),
        ]
        let transport = CannedTransport { HTTPResponse(status: 200, headers: [], body: Array(bodies[min($0, bodies.count - 1)].utf8)) }
        let api = HTTPGameAPI(settings: UpstreamSettings(url: "http://127.0.0.1:1/api"), transport: transport, userAgent: "t")
        let first = try await api.fetchDraws()
        #expect(first.latest?.issue == 5)
        #expect(try await api.fetchDraws() == first)
        let next = try await api.fetchDraws()
        #expect(next.latest?.issue == 6 && next.raw == Array(bodies[2].utf8))
        await #expect(throws: UpstreamError.self) { try await api.fetchDraws() }
        #expect(try await api.fetchDraws() == next)
    }
}

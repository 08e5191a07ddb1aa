// SPDX-License-Identifier: Apache-2.0
import BlockingIO
import BotEngineTesting
import BotLocalization
import BotStore
import BotSupport
import CurlHTTP
import Testing

@testable import BotEngine

/// Which sinks make their requests on the Redis client's thread (`BotAssembly.makeSinks`): a
/// reader's only one, never a master's, nor one of several.
@Suite struct LoneSinkThreadTests {
    /// The thread each webhook sink of a `role` bot with `count` webhook sinks makes its posts on.
    static func threads(role: BotConfig.Role, count: Int, redis: BlockingExecutor) throws -> [BlockingExecutor?] {
        var config = BotConfig(locale: "en", role: role, upstreamURL: "http://127.0.0.1:1/api")
        config.sinks = (0..<count).map { .webhook(WebhookSinkSettings(name: "hook\($0)", url: Secret("http://127.0.0.1:1/hook\($0)"))) }
        let bundle = try LocaleBundle.load(code: "en", directory: RepoPaths.locales)
        let context = SinkContext(state: InMemorySinkStateStore(), locale: "en", game: config.gameType, logger: .init(label: "test"), timeZone: config.timeZone)
        let sinks = BotAssembly.makeSinks(config: config, bundle: bundle, clock: ContinuousClock(), context: context, thread: redis)
        return sinks.map { (($0 as? WebhookSink)?.http.transport as? CurlHTTPClient)?.thread }
    }

    @Test func aReadersOnlySinkPostsOnTheRedisThreadAndNoOtherDoes() throws {
        let redis = BlockingExecutor(label: "redis")
        let lone = try Self.threads(role: .reader, count: 1, redis: redis)
        #expect(lone.count == 1 && lone[0] === redis, "a reader's only sink has a thread of its own")
        let two = try Self.threads(role: .reader, count: 2, redis: redis)
        #expect(two.count == 2 && two.allSatisfy { $0 != nil && $0 !== redis }, "one of a reader's two sinks shares the Redis thread")
        let master = try Self.threads(role: .master, count: 1, redis: redis)
        #expect(master.count == 1 && master[0] != nil && master[0] !== redis, "a master's sink shares the Redis thread")
    }
}

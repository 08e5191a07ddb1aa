// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotLocalization
import BotSupport
import Foundation
import Logging
import Synchronization
import Testing

/// A reload never holds up a shutdown (issue 19, item 3): a locale that took a core for minutes
/// to load, then SIGHUP, left the bot posting 40 s after SIGTERM. The load runs off the pool, and
/// a cancelled reload returns at once, leaving the renderer's texts as they were.
@Suite struct LocaleReloadShutdownTests {
    @Test func aCancelledReloadReturnsAtOnceWhileTheLoadIsStillRunning() async throws {
        let dir = try LocaleFiles.directory(["en.yaml": LocaleFiles.full(result: "old {{issue}}")])
        let bundle = try LocaleBundle.load(code: "en", directory: dir)
        let renderer = MessageRenderer(bundle: bundle, gameType: "G", logger: Logger(label: "t"))
        let started = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let reloader = LocaleReloader(renderer: renderer, directory: dir) { () throws(FileError) -> LocaleBundle in
            started.signal()
            release.wait()  // a load that does not end until the test lets it
            return try LocaleBundle.parse(yaml: LocaleFiles.full(result: "new {{issue}}"), file: "en.yaml", code: "en")
        }
        let reload = Task { try await reloader.reloadOffThePool() }
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                started.wait()
                continuation.resume()
            }
        }
        reload.cancel()
        let result = await reload.result
        #expect(throws: CancellationError.self) { try result.get() }
        release.signal()
        #expect(renderer.render(Draw(issue: 7, value: "7", colors: ["Green"]), seenAt: Date()) == "old 7")
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotLocalization
import BotStore
import BotSupport
import Logging

/// Builds the bots and posters of tests in one place: a config and the parts a bot talks to, with
/// test defaults, changed with `with { ... }`; then `bot()` assembles a whole bot through
/// `BotAssembly.make`, as the binary does, and `poster()` a `DrawPoster` alone for tests of posting.
///
///     let bot = try TestBot(.reader, locale: "vi").with { $0.parts.sinks = [sink]; $0.parts.wallClock = wall }.bot()
package struct TestBot: Sendable {
    /// The bot's config.
    package var config: BotConfig
    /// What the bot talks to; nil members get the real ones (`BotAssembly.Parts`).
    package var parts: BotAssembly.Parts
    /// The bot's locale, `parts.bundle` (default: `config.locale` loaded from `config.localesDirectory`);
    /// setting one makes `config.locale` its code.
    package var bundle: LocaleBundle? {
        get { parts.bundle }
        set {
            parts.bundle = newValue
            if let newValue { config.locale = newValue.code }
        }
    }
    /// Where `poster()` keeps the live boards' message ids.
    package var sinkState: any SinkStateStore = InMemorySinkStateStore()
    /// `poster()`'s logger and its renderer's (default: `parts.makeLogger` of the locale's log prefix).
    package var logger: Logger?

    /// A bot of `config` with the real parts (Redis, libcurl, the config's sinks) until changed.
    package init(config: BotConfig) {
        self.config = config
        self.parts = BotAssembly.Parts()
    }

    /// A `role` bot in `locale` (this repository's locales) polling `upstreamURL`, with `store` as
    /// its shared store (nil: Redis as the config says) and no sinks until given.
    package init(
        _ role: BotConfig.Role = .reader, locale: String = "en", upstreamURL: String = "http://127.0.0.1:1/api",
        store: (any SnapshotStore)? = InMemorySnapshotStore()
    ) {
        var config = BotConfig(locale: locale, role: role, upstreamURL: upstreamURL)
        config.localesDirectory = RepoPaths.locales
        self.init(config: config)
        parts.store = store
        parts.sinks = []
    }

    /// A copy changed by `change`.
    package func with(_ change: (inout TestBot) throws -> Void) rethrows -> TestBot {
        var copy = self
        try change(&copy)
        return copy
    }

    /// The bot `BotAssembly.make` builds of `config` and `parts`.
    package func bot() throws(FileError) -> Bot {
        try BotAssembly.make(config: config, parts: parts)
    }

    /// A poster alone (a reader's monitor), posting in `bundle` (checked as `BotAssembly.make`
    /// checks it) to `parts.sinks` with `parts.ledger` (default in memory), the config's delivery,
    /// game type, time zone and `posting.max_catch_up`, and the parts' clocks.
    package func poster() throws(FileError) -> DrawPoster {
        let bundle = try BotAssembly.locale(config: config, given: parts.bundle)
        let logger = logger ?? parts.makeLogger(bundle.logPrefix)
        let renderer = MessageRenderer(bundle: bundle, gameType: config.gameType, timeZone: config.timeZone, logger: logger)
        return DrawPoster(
            renderer: renderer, sinks: parts.sinks ?? [], ledger: parts.ledger ?? InMemoryDeliveryLedger(), sinkState: sinkState,
            delivery: config.delivery, maxCatchUp: config.posting.maxCatchUp, wallClock: parts.wallClock, clock: parts.clock, logger: logger)
    }
}

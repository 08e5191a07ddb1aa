// SPDX-License-Identifier: Apache-2.0
import BotStore
import BotSupport
import Foundation
import Logging

/// What a chat sink needs from its bot beyond its own settings: where it keeps what it learns
/// from the chat API across restarts (`SinkStateStore`), where it logs what the operator must
/// know, the bot's locale and game (a webhook's `Idempotency-Key`), and the bot's time zone
/// (`quiet_hours`).
package struct SinkContext: Sendable {
    /// Where learned values are kept.
    package var state: any SinkStateStore
    /// The bot's locale.
    package var locale: String
    /// The bot's game (`game_type`).
    package var game: String
    /// The bot's logger.
    package var logger: Logger
    /// The bot's `time_zone`.
    package var timeZone: TimeZone
    /// The wall clock a sink's requests of the last minute are counted by (`SendTally`).
    package var wallClock: any WallClock = SystemWallClock()

    /// A context for a sink of the bot of `locale` and `game`.
    package init(state: any SinkStateStore, locale: String, game: String, logger: Logger, timeZone: TimeZone) {
        self.state = state
        self.locale = locale
        self.game = game
        self.logger = logger
        self.timeZone = timeZone
    }

    /// A context for a sink made on its own (a tool, a test): state in memory for the run, logs
    /// dropped, UTC.
    package static func standalone() -> SinkContext {
        SinkContext(
            state: InMemorySinkStateStore(), locale: "", game: RedisKeys.defaultGameType,
            logger: Logger(label: "redgreen.sink") { _ in SwiftLogNoOpLogHandler() }, timeZone: TimeZone(identifier: "UTC")!
        )
    }

    /// Whether `post` falls in `quietHours` (nil: never), in the bot's time zone. A post's time is
    /// when the bot handed its draw to the sinks (`posted_at_ms`).
    func isQuiet(_ post: Post, _ quietHours: QuietHours?) -> Bool {
        quietHours?.contains(millis: post.postedAtMillis, timeZone: timeZone) ?? false
    }
}

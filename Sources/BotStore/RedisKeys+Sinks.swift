// SPDX-License-Identifier: Apache-2.0
import Crypto
import Foundation

extension RedisKeys {
    /// Where a bot of an earlier release kept the message id of the live board of `locale`'s sink
    /// `sink`: `redgreen:board:<locale>:<game>:<sink>`. Read once: the id moves to the sink's state
    /// (`sinkState(locale:sink:field: "board")`) and the key is deleted.
    package func earlierBoard(locale: String, sink: String) -> String { "\(Self.namespace):board:\(locale):\(game):\(sink)" }

    /// The sliding window of Telegram's limit `rule` (`bot`, `chat:<id>`, `group:<id>`) for the bot
    /// token whose hash is `tokenHash`: `redgreen:ratelimit:<hash>:<rule>`. Not per game: every bot
    /// that shares a token shares its limits.
    package static func rateLimit(tokenHash: String, rule: String) -> String { "\(namespace):ratelimit:\(tokenHash):\(rule)" }

    /// The fleet's count of invalid requests (Discord's 4xx answers) in the 10-minute window
    /// `window` (milliseconds since 1970 divided by 600,000): `redgreen:discord_invalid:<window>`.
    /// Not per game or locale: Discord counts them per IP address, and a fleet usually has one.
    package static func discordInvalidRequests(window: Int64) -> String { "\(namespace):discord_invalid:\(window)" }

    /// A token's name in Redis keys and logs: the first 16 hex digits of its SHA-256, never the token.
    package static func tokenHash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
    }
}

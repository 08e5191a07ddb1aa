// SPDX-License-Identifier: Apache-2.0
/// The Redis key layout of one game's fleet: every key and channel the bots write or read is built
/// (and, for the fleet status, parsed) here, and nowhere else.
///
/// - snapshot `fivem_red_green_shared_data` and legacy `api_response` for the original game
///   (`RG5M`), `<name>:<game>` for any other, unless the config names them (`shared.key`,
///   `shared.legacy_key`);
/// - the masters' lease `redgreen:lease:<game>`, the sequence counter `redgreen:seq:<game>`, and
///   the update channel `redgreen:updates:<game>`;
/// - the draw history `redgreen:history:<game>`, a stream the lease holder appends each new draw to;
/// - the delivery ledger: a post's short-lived claim `redgreen:ledger:<locale>:<game>:<sink>:<issue>`,
///   a sink's recent sent issues `redgreen:ledger:<locale>:<game>:<sink>:sent` (a sorted set) and its
///   resume point `redgreen:ledger:<locale>:<game>:<sink>:done` (the locale first, so that an ACL can
///   give each reader its own keys);
/// - the stats hash `redgreen:stats:<game>:<locale>`;
/// - what a sink learned from its chat API, `redgreen:sink:<locale>:<game>:<sink>:<field>`
///   (a migrated Telegram chat's id, a Discord forum post's thread).
package struct RedisKeys: Sendable, Equatable {
    /// The game whose fleet keeps the original key names: `RG5M`, as in the original fleet.
    package static let defaultGameType = "RG5M"
    /// The prefix of every key of this fleet but the snapshot and legacy keys.
    package static let namespace = "redgreen"

    /// The game's type tag.
    package let game: String
    /// The snapshot key (JSON wire format).
    package let snapshot: String
    /// The legacy key with the raw upstream JSON, kept for bots of the original design.
    package let legacy: String

    /// The layout of `game`'s fleet; nil snapshot and legacy names get the game's defaults.
    package init(game: String = RedisKeys.defaultGameType, snapshot: String? = nil, legacy: String? = nil) {
        self.game = game
        self.snapshot = snapshot ?? Self.gameScoped("fivem_red_green_shared_data", game: game)
        self.legacy = legacy ?? Self.gameScoped("api_response", game: game)
    }

    /// `name` for the default game, so that bots of the original design keep working beside this
    /// fleet; `name:<game>` for any other, so that several games share one Redis without seeing
    /// each other's draws.
    static func gameScoped(_ name: String, game: String) -> String {
        game == defaultGameType ? name : "\(name):\(game)"
    }

    /// The masters' lease: whoever holds it polls the game API and writes the snapshot.
    package var lease: String { "\(Self.namespace):lease:\(game)" }
    /// The counter that stamps each snapshot with a sequence number.
    package var sequence: String { "\(Self.namespace):seq:\(game)" }
    /// The channel a master publishes each write's sequence number on.
    package var channel: String { "\(Self.namespace):updates:\(game)" }
    /// The draw history: a stream capped at about `shared.history` entries, one per draw
    /// (`issue`, and `draw`: the draw as in the snapshot's `draws`), appended by the fenced write.
    package var history: String { "\(Self.namespace):history:\(game)" }

    // MARK: Delivery ledger

    private func ledgerPrefix(locale: String) -> String { "\(Self.namespace):ledger:\(locale):\(game):" }

    /// The claim on one post while it is in flight (`claimed <owner>`, expiring after
    /// `delivery.claim_ttl`); in the ledger of the earlier design, also `sent`, kept for the retention.
    package func ledgerEntry(locale: String, sink: String, issue: Int64) -> String { "\(ledgerPrefix(locale: locale))\(sink):\(issue)" }

    /// The recent issues `locale`'s `sink` has sent: a sorted set (scored by when), trimmed to
    /// `DeliveryLedgerLimits.keptSent`.
    package func ledgerSent(locale: String, sink: String) -> String { "\(ledgerPrefix(locale: locale))\(sink):sent" }

    /// A `SCAN MATCH` pattern for the per-post keys of `locale`'s `sink` (claims, and the `sent`
    /// entries of the earlier design, migrated once); matches the sink's `done` and `sent` keys too.
    package func ledgerEntryPattern(locale: String, sink: String) -> String {
        Self.globEscaped(ledgerPrefix(locale: locale) + sink) + ":*"
    }

    /// The issue of a per-post key of `locale`'s `sink`; nil for any other key.
    package func parseLedgerEntry(_ key: String, locale: String, sink: String) -> Int64? {
        let prefix = ledgerPrefix(locale: locale) + sink + ":"
        guard key.hasPrefix(prefix) else { return nil }
        return Int64(key.dropFirst(prefix.count))
    }

    /// The highest issue `locale`'s `sink` is done with, the point a restarted bot resumes from.
    package func ledgerDone(locale: String, sink: String) -> String { "\(ledgerPrefix(locale: locale))\(sink):done" }

    /// A `SCAN MATCH` pattern for the `done` keys of every locale of this game.
    package var ledgerDonePattern: String { "\(Self.namespace):ledger:*:\(Self.globEscaped(game)):*:done" }

    /// The locale and sink of a `done` key of this game; nil for any other key.
    package func parseLedgerDone(_ key: String) -> (locale: String, sink: String)? {
        let prefix = "\(Self.namespace):ledger:"
        guard key.hasPrefix(prefix), key.hasSuffix(":done") else { return nil }
        let rest = key.dropFirst(prefix.count).dropLast(":done".count)
        // A locale has no ':'; a sink's name may.
        guard let colon = rest.firstIndex(of: ":") else { return nil }
        let locale = String(rest[..<colon])
        let gameAndSink = rest[rest.index(after: colon)...]
        guard gameAndSink.hasPrefix("\(game):") else { return nil }
        return (locale, String(gameAndSink.dropFirst(game.count + 1)))
    }

    // MARK: Sink state

    /// What `locale`'s sink `sink` learned from its chat API and keeps across restarts (`field`:
    /// `chat_id`, `forum_thread`, `board`).
    package func sinkState(locale: String, sink: String, field: String) -> String {
        "\(Self.namespace):sink:\(locale):\(game):\(sink):\(field)"
    }

    // MARK: Stats

    private var statsPrefix: String { "\(Self.namespace):stats:\(game):" }

    /// The hash of `locale`'s bot's summary counts.
    package func stats(locale: String) -> String { statsPrefix + locale }

    /// A `SCAN MATCH` pattern for the stats hashes of every locale of this game.
    package var statsPattern: String { "\(Self.namespace):stats:\(Self.globEscaped(game)):*" }

    /// The locale of a stats key of this game; nil for any other key.
    package func parseStats(_ key: String) -> String? {
        guard key.hasPrefix(statsPrefix) else { return nil }
        let locale = String(key.dropFirst(statsPrefix.count))
        return locale.contains(":") ? nil : locale
    }

    /// `text` with the glob characters of `SCAN MATCH` escaped.
    static func globEscaped(_ text: String) -> String {
        var out = ""
        for character in text {
            if "*?[]\\".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotSupport
import RedisClient

/// The delivery ledger in Redis, so exactly-once holds across restarts.
///
/// Keys (see `RedisKeys`), all under the bot's locale so that an ACL can give each reader its own,
/// then its game so that fleets of several games share a server; per locale, game and sink, a size
/// that does not grow with retention or the draw rate:
/// - a post's claim, `…:<sink>:<issue>`, holds `claimed <host> <pid> <run>` for `delivery.claim_ttl`
///   while it is in flight, and is deleted once it is done;
/// - `…:<sink>:sent`, a sorted set of the sink's recent sent issues (scored by when), trimmed to
///   `DeliveryLedgerLimits.keptSent` and kept for the retention period;
/// - `…:<sink>:done`, the highest issue the sink is done with, the point a restarted bot resumes from.
///
/// A ledger of the earlier design (`…:<sink>:<issue>` holding `sent` for the retention period) is
/// moved into the sorted set once (`migrate`), and a claim that meets such a key moves it too.
package struct RedisDeliveryLedger: DeliveryLedger {
    private let client: RedisClient
    private let keys: RedisKeys
    private let wallClock: any WallClock

    /// A ledger on `client` under `keys`; `wallClock` scores the sent issues (their order only).
    package init(client: RedisClient, keys: RedisKeys, wallClock: any WallClock = SystemWallClock()) {
        self.client = client
        self.keys = keys
        self.wallClock = wallClock
    }

    private func entryKey(_ key: LedgerKey) -> String { keys.ledgerEntry(locale: key.locale, sink: key.sink, issue: key.issue) }
    private func sentKey(_ key: LedgerKey) -> String { keys.ledgerSent(locale: key.locale, sink: key.sink) }
    private func doneKey(locale: String, sink: String) -> String { keys.ledgerDone(locale: locale, sink: sink) }

    /// `issent(set, issue)`: whether `issue` is in the sent set; `addsent(...)` adds it (scored by
    /// `now`, or just above the newest score, so that scores rise strictly and the trim is exact), trims the set to its `keep` newest and keeps it for `retention` ms. Only commands the
    /// shipped ACL of earlier releases grants (`ZADD … XX INCR 0` answers a member's score or nil
    /// without changing anything; the trim finds its score with `ZRANGE`), so a fleet upgraded in
    /// place keeps its ledger.
    private static let addSent = """
        local function issent(set, issue)
          return redis.call('ZADD', set, 'XX', 'INCR', 0, issue) ~= false
        end
        local function addsent(set, issue, now, keep, retention)
          local top = redis.call('ZRANGE', set, -1, -1, 'WITHSCORES')
          local score = tonumber(now)
          if top[2] and tonumber(top[2]) >= score then score = tonumber(top[2]) + 1 end
          redis.call('ZADD', set, score, issue)
          local extra = redis.call('ZCARD', set) - tonumber(keep)
          if extra > 0 then
            local last = redis.call('ZRANGE', set, extra - 1, extra - 1, 'WITHSCORES')
            redis.call('ZREMRANGEBYSCORE', set, '-inf', last[2])
          end
          redis.call('PEXPIRE', set, retention)
        end
        """

    /// KEYS: the post's key, the sink's sent set. ARGV: issue, claim value, claim TTL ms, now ms,
    /// keep, retention ms. Returns `sent`, `ok` (claimed), or the value of the claim that holds it.
    private static let claimScript =
        addSent + "\n" + """
            if issent(KEYS[2], ARGV[1]) then return 'sent' end
            local current = redis.call('GET', KEYS[1])
            if current == 'sent' then
              addsent(KEYS[2], ARGV[1], ARGV[4], ARGV[5], ARGV[6])
              redis.call('DEL', KEYS[1])
              return 'sent'
            end
            if current then return current end
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
            return 'ok'
            """

    /// KEYS: the post's key, the sink's sent set. ARGV: issue, the holder's claim value, the new
    /// claim value, claim TTL ms. Returns `sent`, `ok` (taken over), or the claim that holds it now.
    private static let takeOverScript =
        addSent + "\n" + """
            if issent(KEYS[2], ARGV[1]) then return 'sent' end
            local current = redis.call('GET', KEYS[1])
            if current == 'sent' then return 'sent' end
            if current and current ~= ARGV[2] then return current end
            redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4])
            return 'ok'
            """

    /// KEYS: the post's key, the sink's `done` key, its sent set. ARGV: issue, `1` when sent, now
    /// ms, keep, retention ms. Drops the claim, adds a sent issue to the set, and raises `done`.
    private static let finishScript =
        addSent + "\n" + """
            redis.call('DEL', KEYS[1])
            if ARGV[2] == '1' then addsent(KEYS[3], ARGV[1], ARGV[3], ARGV[4], ARGV[5]) end
            local done = tonumber(redis.call('GET', KEYS[2]) or '')
            if done == nil or done < tonumber(ARGV[1]) then redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[5]) end
            return 1
            """

    /// KEYS: a post's key of the earlier design, the sink's sent set. ARGV: issue, now ms, keep,
    /// retention ms. Moves a `sent` entry into the set; returns 1 when it did.
    private static let migrateScript =
        addSent + "\n" + """
            if redis.call('GET', KEYS[1]) ~= 'sent' then return 0 end
            addsent(KEYS[2], ARGV[1], ARGV[2], ARGV[3], ARGV[4])
            redis.call('DEL', KEYS[1])
            return 1
            """

    private var keep: String { String(DeliveryLedgerLimits.keptSent) }

    package func claim(_ key: LedgerKey, ttl: Duration, owner: ClaimOwner) async throws -> ClaimOutcome {
        // The retention of a migrated entry is unknown here: a week, the default, bounds the set's life.
        let reply = try await run {
            try await client.send([
                "EVAL", Self.claimScript, "2", entryKey(key), sentKey(key), String(key.issue), owner.claimValue, String(ttl.milliseconds),
                String(wallClock.nowMillis()), keep, String(Duration.seconds(7 * 24 * 3600).milliseconds),
            ])
        }
        return outcome(reply)
    }

    package func takeOver(_ key: LedgerKey, from holder: ClaimOwner, ttl: Duration, owner: ClaimOwner) async throws -> ClaimOutcome {
        let reply = try await run {
            try await client.send([
                "EVAL", Self.takeOverScript, "2", entryKey(key), sentKey(key), String(key.issue), holder.claimValue, owner.claimValue,
                String(ttl.milliseconds),
            ])
        }
        return outcome(reply)
    }

    private func outcome(_ reply: RedisReply) -> ClaimOutcome {
        switch reply.string {
        case "ok": .claimed
        case "sent": .alreadySent
        case let value?: .heldElsewhere(by: ClaimOwner(claimValue: value))
        case nil: .heldElsewhere(by: nil)
        }
    }

    package func markSent(_ key: LedgerKey, retention: Duration) async throws {
        try await finish(key, sent: true, retention: retention)
    }

    package func release(_ key: LedgerKey, retention: Duration) async throws {
        try await finish(key, sent: false, retention: retention)
    }

    private func finish(_ key: LedgerKey, sent: Bool, retention: Duration) async throws {
        _ = try await run {
            try await client.send([
                "EVAL", Self.finishScript, "3", entryKey(key), doneKey(locale: key.locale, sink: key.sink), sentKey(key), String(key.issue),
                sent ? "1" : "0", String(wallClock.nowMillis()), keep, String(retention.milliseconds),
            ])
        }
    }

    package func abandon(_ key: LedgerKey) async throws {
        let script = "local v = redis.call('GET', KEYS[1]) if v and string.sub(v, 1, 7) == 'claimed' then redis.call('DEL', KEYS[1]) end return 1"
        _ = try await run { try await client.send(["EVAL", script, "1", entryKey(key)]) }
    }

    package func rewind(locale: String, sinks: [String], to issue: Int64, retention: Duration) async throws {
        for sink in sinks {
            let command = ["SET", doneKey(locale: locale, sink: sink), String(issue), "PX", String(retention.milliseconds)]
            _ = try await run { try await client.send(command) }
        }
    }

    package func resumePoint(locale: String, sinks: [String]) async throws -> Int64? {
        guard !sinks.isEmpty else { return nil }
        let reply = try await run { try await client.send(["MGET"] + sinks.map { doneKey(locale: locale, sink: $0) }) }
        guard case .array(let values) = reply else { return nil }
        var points: [Int64] = []
        for value in values {
            guard let point = value.int else { return nil }
            points.append(point)
        }
        return points.min()
    }

    /// Scans for the sink's keys of the earlier design once: only while the sink has no sent set
    /// yet (its first start on this design, or after a retention period without posts).
    package func migrate(locale: String, sinks: [String], retention: Duration) async throws -> Int {
        var moved = 0
        for sink in sinks {
            let set = keys.ledgerSent(locale: locale, sink: sink)
            guard try await run({ try await client.send(["EXISTS", set]) }).int == 0 else { continue }
            var cursor = "0"
            repeat {
                let reply = try await run {
                    try await client.send(["SCAN", cursor, "MATCH", keys.ledgerEntryPattern(locale: locale, sink: sink), "COUNT", "1000"])
                }
                guard case .array(let parts) = reply, parts.count == 2, let next = parts[0].string, case .array(let found) = parts[1] else {
                    throw StoreError("unexpected answer to SCAN of the delivery ledger: \(reply)")
                }
                cursor = next
                for case let name? in found.map(\.string) {
                    guard let issue = keys.parseLedgerEntry(name, locale: locale, sink: sink) else { continue }
                    let reply = try await run {
                        try await client.send([
                            "EVAL", Self.migrateScript, "2", name, set, String(issue), String(wallClock.nowMillis()), keep,
                            String(retention.milliseconds),
                        ])
                    }
                    moved += Int(reply.int ?? 0)
                }
            } while cursor != "0"
        }
        return moved
    }

    private func run<T>(_ body: () async throws -> T) async throws -> T {
        try await mappingRedisErrors(body)
    }
}

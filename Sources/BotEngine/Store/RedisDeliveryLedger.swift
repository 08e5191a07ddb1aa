import RedisClient

/// The delivery ledger in Redis, so exactly-once holds across restarts.
///
/// Keys (see `RedisKeys`), all under the bot's locale so that an ACL can give each reader its own,
/// then its game so that fleets of several games share a server: a post's entry holds `claimed`
/// (with the claim's TTL) or `sent` (kept for the retention period); a sink's `done` key holds the
/// highest issue the sink is done with, the point a restarted bot resumes from.
public struct RedisDeliveryLedger: DeliveryLedger {
    private let client: RedisClient
    private let keys: RedisKeys

    /// A ledger on `client` under `keys`.
    public init(client: RedisClient, keys: RedisKeys) {
        self.client = client
        self.keys = keys
    }

    private func entryKey(_ key: LedgerKey) -> String { keys.ledgerEntry(locale: key.locale, sink: key.sink, issue: key.issue) }
    private func doneKey(locale: String, sink: String) -> String { keys.ledgerDone(locale: locale, sink: sink) }

    /// Sets KEYS[1] to ARGV[1] (PX ARGV[3]) unless ARGV[1] is empty (then deletes it), and raises
    /// KEYS[2] to ARGV[2] (PX ARGV[3]), all in one step.
    private static let finishScript = """
        if ARGV[1] == '' then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3]) end
        local done = tonumber(redis.call('GET', KEYS[2]) or '')
        if done == nil or done < tonumber(ARGV[2]) then redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3]) end
        return 1
        """

    public func claim(_ key: LedgerKey, ttl: Duration) async throws -> ClaimOutcome {
        let reply = try await run { try await client.send(["SET", entryKey(key), "claimed", "NX", "PX", String(ttl.milliseconds)]) }
        if reply == .status("OK") { return .claimed }
        let current = try await run { try await client.send(["GET", entryKey(key)]) }
        switch current.string {
        case "sent": return .alreadySent
        case nil: return try await claim(key, ttl: ttl)  // expired in between
        default: return .heldElsewhere
        }
    }

    public func markSent(_ key: LedgerKey, retention: Duration) async throws {
        try await finish(key, value: "sent", retention: retention)
    }

    public func release(_ key: LedgerKey, retention: Duration) async throws {
        try await finish(key, value: "", retention: retention)
    }

    private func finish(_ key: LedgerKey, value: String, retention: Duration) async throws {
        _ = try await run {
            try await client.send([
                "EVAL", Self.finishScript, "2", entryKey(key), doneKey(locale: key.locale, sink: key.sink), value, String(key.issue),
                String(retention.milliseconds),
            ])
        }
    }

    public func abandon(_ key: LedgerKey) async throws {
        let script = "if redis.call('GET', KEYS[1]) == 'claimed' then redis.call('DEL', KEYS[1]) end return 1"
        _ = try await run { try await client.send(["EVAL", script, "1", entryKey(key)]) }
    }

    public func rewind(locale: String, sinks: [String], to issue: Int64, retention: Duration) async throws {
        for sink in sinks {
            let command = ["SET", doneKey(locale: locale, sink: sink), String(issue), "PX", String(retention.milliseconds)]
            _ = try await run { try await client.send(command) }
        }
    }

    public func resumePoint(locale: String, sinks: [String]) async throws -> Int64? {
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

    private func run<T>(_ body: () async throws -> T) async throws -> T {
        try await mappingRedisErrors(body)
    }
}

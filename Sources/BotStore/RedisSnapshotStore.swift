// SPDX-License-Identifier: Apache-2.0
import BotSupport
import RedisClient

/// The snapshot store on a real Redis, through `RedisClient`.
///
/// A master's write is one Lua script: it checks the caller still holds the lease, `INCR`s the
/// sequence, writes the snapshot (with `"sequence"` added) and the legacy key with
/// `SET … PX ttl` (never a separate `EXPIRE`), and, when the draws changed, `PUBLISH`es the
/// sequence and the latest issue on the update channel (`UpdateMessage`), and appends each draw
/// newer than the draw history's newest entry to the history (`XADD … MAXLEN ~ historyLength`).
/// Reads take `STRLEN`, at most `Snapshot.maxBytes + 1` bytes (`GETRANGE`) and `PTTL` of the
/// primary key in one round trip and, only when it is missing, of the legacy key. Updates come
/// from `subscriber`, a subscription to the update channel on a connection of its own.
package struct RedisSnapshotStore: SnapshotStore {
    private let client: RedisClient
    private let keys: RedisKeys
    private let subscriber: RedisSubscriber?
    private let historyLength: Int

    /// A store on `client` under `keys`; without a `subscriber` (subscribed to `keys.channel`) it
    /// reports no updates. The draw history keeps about `historyLength` draws (`shared.history`).
    package init(client: RedisClient, keys: RedisKeys, subscriber: RedisSubscriber? = nil, historyLength: Int = 1000) {
        self.client = client
        self.keys = keys
        self.subscriber = subscriber
        self.historyLength = max(1, historyLength)
    }

    /// KEYS: lease, sequence, snapshot, legacy, history. ARGV: token, ttl ms, snapshot JSON (an
    /// object), legacy payload, channel, announcement (`UpdateMessage.scriptArgument`: empty for
    /// none, `*` for the sequence alone, else the latest issue), the history's length, then an
    /// issue (decimal, non-negative) and a draw field for each draw, ascending. Returns the new
    /// sequence, or -1 when the lease is not the caller's; `{sequence, error}` when the history
    /// could not be appended to (the snapshot is written all the same: `pcall`).
    /// Issues compare as decimal strings (length first), exact past Lua's 2^53.
    static let publishScript = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
        local seq = redis.call('INCR', KEYS[2])
        local body = string.sub(ARGV[3], 1, -2) .. ',"sequence":' .. seq .. '}'
        redis.call('SET', KEYS[3], body, 'PX', ARGV[2])
        redis.call('SET', KEYS[4], ARGV[4], 'PX', ARGV[2])
        if ARGV[6] == '*' then
            redis.call('PUBLISH', ARGV[5], seq)
        elseif ARGV[6] ~= '' then
            redis.call('PUBLISH', ARGV[5], seq .. ':' .. ARGV[6])
        end
        if #ARGV < 9 then return seq end
        local last = redis.pcall('XREVRANGE', KEYS[5], '+', '-', 'COUNT', 1)
        if last.err then return {seq, last.err} end
        local newest = nil
        if last[1] then
            local fields = last[1][2]
            for i = 1, #fields - 1, 2 do
                if fields[i] == 'issue' then newest = fields[i + 1] end
            end
        end
        for i = 8, #ARGV - 1, 2 do
            local issue = ARGV[i]
            if newest == nil or #issue > #newest or (#issue == #newest and issue > newest) then
                local added = redis.pcall('XADD', KEYS[5], 'MAXLEN', '~', ARGV[7], '*', 'issue', issue, 'draw', ARGV[i + 1])
                if type(added) == 'table' and added.err then return {seq, added.err} end
                newest = issue
            end
        end
        return seq
        """

    static let renewScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return 0
        """

    static let releaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """

    package func publish(
        snapshot: [UInt8], legacy: [UInt8], ttl: Duration, lease: String, announce: SnapshotAnnouncement, history: [Draw]
    ) async throws -> PublishOutcome {
        var command: [[UInt8]] = [
            Array("EVAL".utf8), Array(Self.publishScript.utf8), Array("5".utf8), Array(keys.lease.utf8), Array(keys.sequence.utf8),
            Array(keys.snapshot.utf8), Array(keys.legacy.utf8), Array(keys.history.utf8), Array(lease.utf8), Array(String(ttl.milliseconds).utf8),
            snapshot, legacy, Array(keys.channel.utf8), Array(UpdateMessage.scriptArgument(announce).utf8), Array(String(historyLength).utf8),
        ]
        // Only the newest `historyLength` draws, ascending and non-negative (compared as decimal strings).
        for draw in history.filter({ $0.issue >= 0 }).sorted(by: { $0.issue < $1.issue }).suffix(historyLength) {
            command += [Array(String(draw.issue).utf8), HistoryEntry.field(for: draw)]
        }
        let reply = try await run { try await client.send(command) }
        if case .array(let parts) = reply, parts.count == 2, let sequence = parts[0].int {
            return .writtenWithoutHistory(
                sequence: sequence, reason: "the draw history \(keys.history) was not appended to: \(parts[1].string ?? "\(parts[1])")")
        }
        guard let sequence = reply.int else { throw StoreError("unexpected reply to the snapshot write: \(reply)") }
        return sequence < 0 ? .notLeader : .written(sequence: sequence)
    }

    package func history(after id: String?, count: Int) async throws -> HistoryRead? {
        let start = id.map { "(" + $0 } ?? "-"
        let reply = try await run { try await client.send(["XREVRANGE", keys.history, "+", start, "COUNT", String(max(1, count))]) }
        return try HistoryEntry.entries(in: reply, key: keys.history)
    }

    package func fetch() async throws -> StoredSnapshot {
        switch try await read(keys.snapshot) {
        case .value(let bytes, let remaining): return .primary(bytes, remainingMillis: remaining)
        case .refused(let reason): return .refused(reason)
        case .missing: break
        }
        switch try await read(keys.legacy) {
        case .value(let bytes, let remaining): return .legacy(bytes, remainingMillis: remaining)
        case .refused(let reason): return .refused(reason)
        case .missing: return .empty
        }
    }

    package func primaryRemainingMillis() async throws -> Int64? {
        let reply = try await run { try await client.send(["PTTL", keys.snapshot]) }
        guard let remaining = reply.int else { throw StoreError("unexpected reply to PTTL \(keys.snapshot): \(reply)") }
        return remaining >= 0 ? remaining : nil
    }

    /// Why a key of another type than a string was left unread.
    package static func wrongType(_ key: String) -> String { "the key \(key) holds another type than a string (WRONGTYPE); left unread" }

    private enum KeyRead {
        case value([UInt8], remaining: Int64?)
        case missing
        case refused(String)
    }

    /// `key`'s size, at most `Snapshot.maxBytes + 1` of its bytes and its remaining TTL, in one
    /// round trip (`STRLEN`, `GETRANGE`, `PTTL`): a larger value never leaves Redis, and a key of
    /// another type is named (WRONGTYPE), not taken for an outage.
    private func read(_ key: String) async throws -> KeyRead {
        let name = Array(key.utf8)
        let replies = try await run {
            try await client.pipeline([
                [Array("STRLEN".utf8), name], [Array("GETRANGE".utf8), name, Array("0".utf8), Array(String(Snapshot.maxBytes).utf8)],
                [Array("PTTL".utf8), name],
            ])
        }
        guard replies.count == 3 else { throw StoreError("unexpected reply to the snapshot read of \(key)") }
        var values: [RedisReply] = []
        for reply in replies {
            switch reply {
            case .success(let value):
                values.append(value)
            case .failure(let error) where error.message.hasPrefix("WRONGTYPE"):
                return .refused(Self.wrongType(key))
            case .failure(let error) where error.message.hasPrefix("NOPERM") && values.isEmpty:
                return try await readWhole(key)
            case .failure(let error):
                throw StoreError(error, permissionHint: Self.permissionHint)
            }
        }
        guard let size = values[0].int, case .bulk(let bytes) = values[1], let ttl = values[2].int else {
            throw StoreError("unexpected reply to the snapshot read of \(key): \(values)")
        }
        if ttl == -2 && bytes.isEmpty { return .missing }
        if size > Snapshot.maxBytes || bytes.count > Snapshot.maxBytes {
            return .refused(Snapshot.oversized("the key \(key)", bytes: Int(clamping: max(size, Int64(bytes.count)))))
        }
        return .value(bytes, remaining: ttl >= 0 ? ttl : nil)
    }

    /// `GET` and `PTTL` of `key`, for a user whose ACL lacks `STRLEN` or `GETRANGE` (the
    /// users.acl of earlier releases): the value is read whole, and refused after the fact when
    /// it is too large, so at least it is never decoded.
    private func readWhole(_ key: String) async throws -> KeyRead {
        let replies = try await run { try await client.valueAndRemainingLife(of: key) }
        let value: RedisReply
        let remaining: Int64?
        do throws(RedisError) {
            (value, remaining) = (try replies.value.get(), try replies.remainingMillis.get())
        } catch  where error.message.hasPrefix("WRONGTYPE") {
            return .refused(Self.wrongType(key))
        } catch {
            throw StoreError(error, permissionHint: Self.permissionHint)
        }
        guard case .bulk(let bytes) = value else { return .missing }
        if bytes.count > Snapshot.maxBytes { return .refused(Snapshot.oversized("the key \(key)", bytes: bytes.count)) }
        return .value(bytes, remaining: remaining)
    }

    /// One round trip (a standby tries at every poll): the lease is set when nobody holds it and
    /// renewed when the caller does; otherwise 0.
    static let acquireScript = """
        local holder = redis.call('GET', KEYS[1])
        if holder == false then
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return 1
        end
        if holder == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return 0
        """

    package func acquireLease(token: String, ttl: Duration) async throws -> Bool {
        let reply = try await run { try await client.send(["EVAL", Self.acquireScript, "1", keys.lease, token, String(ttl.milliseconds)]) }
        return reply.int == 1
    }

    package func renewLease(token: String, ttl: Duration) async throws -> Bool {
        let reply = try await run { try await client.send(["EVAL", Self.renewScript, "1", keys.lease, token, String(ttl.milliseconds)]) }
        return reply.int == 1
    }

    package func releaseLease(token: String) async throws {
        _ = try await run { try await client.send(["EVAL", Self.releaseScript, "1", keys.lease, token]) }
    }

    package func followUpdates(_ onUpdate: @Sendable (SnapshotUpdate) async -> Void) async {
        guard let subscriber else { return }
        await subscriber.run { event in
            switch event {
            case .subscribed: await onUpdate(.subscribed)
            case .message(_, let payload): await onUpdate(UpdateMessage.update(from: payload))
            case .disconnected(let reason): await onUpdate(.lost(reason))
            }
        }
    }

    static let permissionHint = " (this bot's Redis user may not do this; masters need the writer user)"

    private func run<T>(_ body: () async throws -> T) async throws -> T {
        try await mappingRedisErrors(permissionHint: Self.permissionHint, body)
    }
}

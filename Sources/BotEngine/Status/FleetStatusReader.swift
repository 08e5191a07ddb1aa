// SPDX-License-Identifier: Apache-2.0
import BotStore
import BotSupport
import Logging
import RedisClient

/// Reads a `FleetStatus` from Redis with a bot's Redis settings and credentials. Reads only:
/// `GET`, `PTTL`, `MGET`, `HGETALL` and `SCAN` (never `KEYS`), so it is safe on a busy server.
package struct FleetStatusReader: Sendable {
    private let client: RedisClient
    private let config: BotConfig
    private let keys: RedisKeys
    private let endpoint: String
    private let wallClock: any WallClock

    /// A reader for the fleet of `config`'s game, on `config`'s Redis.
    package init(config: BotConfig, wallClock: any WallClock = SystemWallClock(), logger: Logger) throws(FileError) {
        let configuration = try RedisConfiguration(bot: config)
        self.config = config
        self.keys = config.redisKeys
        self.client = RedisClient(configuration: configuration, logger: logger)
        self.endpoint = configuration.redactedDescription
        self.wallClock = wallClock
    }

    /// Reads the fleet. Throws `FleetStatusError` when Redis cannot be reached or refuses to log in;
    /// a key it may not read (an ACL `NOPERM`) is reported in its place instead.
    package func read() async throws(FleetStatusError) -> FleetStatus {
        do {
            _ = try await client.send(["PING"])
        } catch {
            let code = (error as? RedisError)?.code
            let what = code == .server || code == .authFailed ? "refused the status read" : "is unreachable"
            var detail = Self.describe(error)
            if detail.hasPrefix("redis://") || detail.hasPrefix("redis-sentinel://"), let separator = detail.range(of: ": ") {
                detail = String(detail[separator.upperBound...])
            }
            throw FleetStatusError("Redis at \(endpoint) \(what): \(detail)")
        }
        let game = config.gameType
        var status = FleetStatus(
            game: game, redis: endpoint, checkedAtMillis: wallClock.nowMillis(),
            snapshot: await snapshot(), lease: await lease(), locales: []
        )
        let done = await ledgerProgress()
        let (stats, unreadable) = await botStats()
        let codes = Set(done.keys).union(stats.keys).union(unreadable).sorted()
        status.locales = codes.map { code in
            let sinks = (done[code] ?? [:]).sorted { $0.key < $1.key }.map { FleetStatus.SinkStatus(name: $0.key, lastIssue: $0.value) }
            let last = sinks.isEmpty || sinks.contains(where: { $0.lastIssue == nil }) ? nil : sinks.compactMap(\.lastIssue).min()
            let lag = status.snapshot.issue.flatMap { issue in last.flatMap { Self.lag(of: $0, behind: issue) } }
            return FleetStatus.LocaleStatus(
                locale: code, lastPostedIssue: last, lag: lag, sinks: sinks,
                stats: stats[code].map { FleetStatus.StatsStatus($0, nowMillis: status.checkedAtMillis) }
            )
        }
        return status
    }

    private func snapshot() async -> FleetStatus.SnapshotStatus {
        let key = keys.snapshot
        var result = FleetStatus.SnapshotStatus(key: key, present: false)
        let replies: (value: Result<RedisReply, RedisError>, remainingMillis: Result<Int64?, RedisError>)
        do {
            replies = try await client.valueAndRemainingLife(of: key)
        } catch {
            result.problem = Self.describe(error)
            return result
        }
        let value: RedisReply
        switch replies.value {
        case .success(let reply): value = reply
        case .failure(let error):
            result.problem = error.message
            return result
        }
        guard case .bulk(let bytes) = value else { return result }
        result.present = true
        result.ttlMillis = try? replies.remainingMillis.get()
        if case .integer(let sequence)? = (try? JSONValue.parse(bytes))?["sequence"] { result.sequence = sequence }
        do {
            let snapshot = try Snapshot.decode(bytes, mapping: config.upstream.mapping)
            result.issue = snapshot.processed.issueNumber
            result.ageMillis = max(0, wallClock.nowMillis() - snapshot.timestamp)
        } catch {
            result.problem = "does not decode: \(error.message)"
        }
        return result
    }

    private func lease() async -> FleetStatus.LeaseStatus {
        let key = keys.lease
        var result = FleetStatus.LeaseStatus(key: key)
        do {
            let replies = try await client.valueAndRemainingLife(of: key)
            switch replies.value {
            case .success(let value): result.holder = value.string
            case .failure(let error): result.problem = error.message
            }
            if result.holder != nil { result.ttlMillis = try? replies.remainingMillis.get() }
        } catch {
            result.problem = Self.describe(error)
        }
        return result
    }

    /// Each locale's sinks and the highest issue each is done with, from the ledger's `done` keys.
    private func ledgerProgress() async -> [String: [String: Int64?]] {
        let keys = await scan(match: self.keys.ledgerDonePattern)
        guard !keys.isEmpty else { return [:] }
        let values: [RedisReply]
        do {
            guard case .array(let items) = try await client.send(["MGET"] + keys), items.count == keys.count else { return [:] }
            values = items
        } catch {
            return [:]
        }
        var out: [String: [String: Int64?]] = [:]
        for (key, value) in zip(keys, values) {
            guard let (locale, sink) = self.keys.parseLedgerDone(key) else { continue }
            out[locale, default: [:]][sink] = value.int
        }
        return out
    }

    /// Each locale's latest stats hash, and the locales whose hash is not one a bot writes (a
    /// field out of range): listed all the same, without stats.
    private func botStats() async -> (stats: [String: BotStats], unreadable: Set<String>) {
        var out: [String: BotStats] = [:]
        var unreadable: Set<String> = []
        for key in await scan(match: keys.statsPattern) {
            guard let locale = keys.parseStats(key), case .array(let items)? = try? await client.send(["HGETALL", key]) else { continue }
            var fields: [String: String] = [:]
            var index = 0
            while index + 1 < items.count {
                if let name = items[index].string, let value = items[index + 1].string { fields[name] = value }
                index += 2
            }
            if let stats = BotStats(locale: locale, fields: fields) { out[locale] = stats } else { unreadable.insert(locale) }
        }
        return (out, unreadable)
    }

    /// Every key matching `pattern`, by `SCAN` (at most 100 000, which no fleet comes near).
    private func scan(match pattern: String) async -> [String] {
        var cursor = "0"
        var keys: Set<String> = []
        repeat {
            guard case .array(let reply)? = try? await client.send(["SCAN", cursor, "MATCH", pattern, "COUNT", "1000"]), reply.count == 2,
                let next = reply[0].string, case .array(let found) = reply[1]
            else { break }
            keys.formUnion(found.compactMap(\.string))
            cursor = next
        } while cursor != "0" && keys.count < 100_000
        return keys.sorted()
    }

    /// How many issues `posted` is behind `latest` (0 when ahead); nil when the difference does not
    /// fit an `Int64` (a `done` key or a snapshot with an absurd issue).
    static func lag(of posted: Int64, behind latest: Int64) -> Int64? {
        let (difference, overflow) = latest.subtractingReportingOverflow(posted)
        return overflow ? nil : max(0, difference)
    }

    private static func describe(_ error: any Error) -> String {
        (error as? RedisError)?.message ?? "\(error)"
    }
}

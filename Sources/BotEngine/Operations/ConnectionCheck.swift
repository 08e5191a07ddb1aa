// SPDX-License-Identifier: Apache-2.0
import BotStore
import BotSupport
import CurlHTTP
import Foundation
import Logging

/// What `redgreen-bot config check --connect` tries, once each, with the bot's own settings and
/// credentials: log in to Redis, use the rights the bot's role needs there, and ask the game API
/// for its draws. Nothing is written that the fleet reads: a master's write is a fenced probe
/// with a lease it does not hold, and the ledger probe is a key of its own that expires in a second.
package enum ConnectionCheck {
    /// One thing tried, and how it went.
    package struct Step: Sendable, Equatable, CustomStringConvertible {
        /// What was tried (`Redis login`).
        package var name: String
        /// Whether it worked.
        package var ok: Bool
        /// What was found, or the error.
        package var detail: String

        /// `ok    Redis login: redis://10.0.0.5:6379 as redgreen-reader-vi`.
        package var description: String { "\(ok ? "ok  " : "FAIL") \(name): \(detail)" }
    }

    /// Tries each thing the bot of `config` needs; stops trying Redis after a failed login.
    package static func run(config: BotConfig, logger: Logger) async -> [Step] {
        var steps: [Step] = []
        do {
            let probe = try BotAssembly.storeProbe(config: config, logger: logger)
            steps += await redis(probe: probe, config: config)
            await probe.disconnect()
        } catch {
            steps.append(Step(name: "Redis", ok: false, detail: "\(error)"))
        }
        steps.append(await gameAPI(config: config))
        return steps
    }

    private static func redis(probe: StoreProbe, config: BotConfig) async -> [Step] {
        let target =
            config.redis.sentinel.map { "the primary \($0.masterName) through \($0.sentinels.count) Sentinel(s)" }
            ?? (RedisURL.redacted(config.redis.url) ?? config.redis.url)
        let who = config.redis.username.map { " as \($0)" } ?? (config.redis.password == nil ? " without a password" : " with a password")
        var steps: [Step] = []
        do {
            let (ok, answer) = try await probe.ping()
            steps.append(Step(name: "Redis login", ok: ok, detail: "\(target)\(who): \(answer)"))
        } catch {
            return [Step(name: "Redis login", ok: false, detail: "\(target)\(who): \(error)")]
        }
        let keys = config.redisKeys
        let store = probe.snapshotStore(keys: keys)
        steps.append(
            await step("read the snapshot \(keys.snapshot)") {
                switch try await store.fetch() {
                case .primary(let bytes, let remaining): "present, \(bytes.count) bytes\(expiry(remaining))"
                case .legacy(let bytes, let remaining): "only the legacy key \(keys.legacy), \(bytes.count) bytes\(expiry(remaining))"
                case .empty: "allowed; no snapshot yet (no master has written one within shared.ttl)"
                case .refused(let reason): "allowed, but no reader takes it: \(reason)"
                }
            })
        if config.role == .master {
            steps.append(
                await step("write the snapshot (fenced probe)") {
                    let token = "config-check-\(UUID().uuidString)"
                    let outcome = try await store.publish(snapshot: Array("{}".utf8), legacy: [], ttl: .seconds(1), lease: token)
                    return outcome == .notLeader ? "allowed; nothing written (the probe holds no lease)" : "unexpected: \(outcome)"
                })
            steps.append(
                await step("read the lease \(keys.lease)") {
                    return try await !probe.isSet(keys.lease) ? "free: this master would take it" : "held by a running master (this one would stand by)"
                })
        }
        if config.delivery.ledger == .redis {
            let ledger = probe.ledger(keys: keys)
            steps.append(
                await step("claim in the delivery ledger") {
                    _ = try await ledger.claim(LedgerKey(locale: config.locale, sink: "config-check", issue: 0), ttl: .seconds(1))
                    return "allowed (the probe's key expires in 1s)"
                })
        }
        return steps
    }

    private static func gameAPI(config: BotConfig) async -> Step {
        let agent = BotAssembly.userAgent(for: config)
        let api = HTTPGameAPI(settings: config.upstream, transport: CurlHTTPClient(userAgent: agent), userAgent: agent)
        return await step("game API \(config.upstream.url)") {
            let feed = try await api.fetchDraws()
            return "\(feed.draws.count) draws, the latest \(feed.latest.map { String($0.issue) } ?? "none")"
        }
    }

    private static func step(_ name: String, _ body: () async throws -> String) async -> Step {
        do {
            return Step(name: name, ok: true, detail: try await body())
        } catch {
            return Step(name: name, ok: false, detail: "\(error)")
        }
    }

    private static func expiry(_ remaining: Int64?) -> String {
        remaining.map { ", expires in \(DurationText.format(.milliseconds($0)))" } ?? ""
    }
}

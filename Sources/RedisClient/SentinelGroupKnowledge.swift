// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// What this process has learned about one Sentinel-monitored group, shared by every connection to
/// it: the primary the Sentinels last announced, whether a ``RedisSentinelWatcher`` is listening
/// for announcements (`+switch-master`), the Sentinels found with `SENTINEL SENTINELS` beyond the
/// configured ones, and which primary was logged last, so that a switch is logged once per
/// process, not once per connection.
///
/// One per group (its master name and configured Sentinels), for the life of the process.
final class SentinelGroupKnowledge: Sendable {
    /// The primary as last announced, with a number that grows with every change.
    struct Announcement: Sendable, Equatable {
        var host: String
        var port: Int
        var generation: Int
    }

    private struct State {
        var announcement: Announcement?
        var generation = 0
        var listeners = 0
        var discovered: [SentinelAddress] = []
        var logged: String?
    }

    /// A Sentinel's address as another Sentinel reports it.
    struct SentinelAddress: Sendable, Equatable {
        var host: String
        var port: Int
    }

    private let state = Mutex(State())
    private static let groups = Mutex<[String: SentinelGroupKnowledge]>([:])

    private init() {}

    /// What is known of `group`: the same object for every group with the same master name and
    /// configured Sentinels.
    static func shared(for group: RedisSentinelGroup) -> SentinelGroupKnowledge {
        let key = group.masterName + "@" + group.sentinels.map(\.address).sorted().joined(separator: ",")
        return groups.withLock { groups in
            if let known = groups[key] { return known }
            let known = SentinelGroupKnowledge()
            groups[key] = known
            return known
        }
    }

    /// The primary as last announced, if any.
    var announcement: Announcement? { state.withLock { $0.announcement } }

    /// The generation of the last announcement (0 before any).
    var generation: Int { state.withLock { $0.generation } }

    /// Records the primary the Sentinels name now; returns whether it changed.
    @discardableResult
    func announce(host: String, port: Int) -> Bool {
        state.withLock { state in
            if let current = state.announcement, current.host == host, current.port == port { return false }
            state.generation += 1
            state.announcement = Announcement(host: host, port: port, generation: state.generation)
            return true
        }
    }

    /// Whether some watcher is subscribed to a Sentinel's announcements right now: connections then
    /// wait for announcements instead of asking a Sentinel now and then.
    var isListening: Bool { state.withLock { $0.listeners > 0 } }

    /// A watcher subscribed (`true`) or lost its subscription (`false`).
    func setListening(_ listening: Bool) {
        state.withLock { $0.listeners = max(0, $0.listeners + (listening ? 1 : -1)) }
    }

    /// Adds the Sentinels another Sentinel knows of (`SENTINEL SENTINELS`) that `group` does not
    /// list; returns those that were new.
    @discardableResult
    func learnSentinels(_ addresses: [SentinelAddress], group: RedisSentinelGroup) -> [SentinelAddress] {
        state.withLock { state in
            let new = addresses.filter { address in
                !group.sentinels.contains { $0.host == address.host && $0.port == address.port } && !state.discovered.contains(address)
            }
            state.discovered += new
            return new
        }
    }

    /// Every Sentinel to ask: the configured ones, then those learned, which log in with the
    /// credentials of the first configured one (the Sentinels of one group share them).
    func sentinels(of group: RedisSentinelGroup) -> [RedisEndpoint] {
        let discovered = state.withLock { $0.discovered }
        let template = group.sentinels.first
        return group.sentinels
            + discovered.map { RedisEndpoint(host: $0.host, port: $0.port, username: template?.username, password: template?.password) }
    }

    /// Whether `primary` (`host:port`) is news to this process's log: true the first time a
    /// connection or watcher reports it after another one.
    func shouldLog(primary: String) -> Bool {
        state.withLock { state in
            defer { state.logged = primary }
            return state.logged != primary
        }
    }
}

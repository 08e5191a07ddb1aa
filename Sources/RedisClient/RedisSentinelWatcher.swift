// SPDX-License-Identifier: Apache-2.0
import Logging
import Synchronization

/// Listens to the Sentinels of a group for `+switch-master` and tells every connection of the
/// process through the group's ``SentinelGroupKnowledge``, so that connections follow a failover the moment
/// it is announced instead of asking a Sentinel now and then.
///
/// It subscribes on one Sentinel at a time (the configured ones, then those learned), moving on to
/// the next when the subscription is lost. On every subscription it asks that Sentinel for the
/// primary (what was announced while it was away is not missed) and for the other Sentinels
/// (`SENTINEL SENTINELS`), which join the list the process asks. While it is not subscribed,
/// connections ask a Sentinel every ``RedisSentinelGroup/checkInterval`` as before.
struct RedisSentinelWatcher: Sendable {
    let group: RedisSentinelGroup
    let known: SentinelGroupKnowledge
    let logger: Logger
    /// The wait before trying the next Sentinel after one could not be subscribed to.
    var retryDelay: Duration = .milliseconds(500)

    init(group: RedisSentinelGroup, logger: Logger) {
        self.group = group
        self.known = SentinelGroupKnowledge.shared(for: group)
        self.logger = logger
    }

    /// Watches until the task is cancelled.
    func run() async {
        var next = 0
        while !Task.isCancelled {
            let sentinels = known.sentinels(of: group)
            let endpoint = sentinels[next % sentinels.count]
            next += 1
            let subscriber = RedisSubscriber(
                configuration: RedisConfiguration(
                    endpoint: endpoint, connectTimeout: group.sentinelTimeout, commandTimeout: group.sentinelTimeout,
                    reconnectBackoffMin: .zero, reconnectBackoffMax: .zero),
                channels: ["+switch-master"], keepAlive: .seconds(2), logger: logger
            )
            let listening = ListeningFlag(known: known)
            let subscribed = await subscriber.session { event in
                switch event {
                case .subscribed:
                    listening.set(true)
                    await refresh(from: endpoint)
                case .message(_, let payload):
                    take(String(decoding: payload, as: UTF8.self), from: endpoint)
                case .disconnected(let reason):
                    listening.set(false)
                    logger.debug("Sentinel subscription lost; trying the next Sentinel", metadata: ["redis.reason": "\(reason)"])
                }
            }
            listening.set(false)
            await subscriber.close()
            if !subscribed { try? await Task.sleep(for: retryDelay) }
        }
    }

    /// Asks the Sentinel at `endpoint` for the primary and the other Sentinels.
    private func refresh(from endpoint: RedisEndpoint) async {
        var quiet = logger
        quiet.logLevel = .critical
        let client = RedisClient(
            configuration: RedisConfiguration(endpoint: endpoint, connectTimeout: group.sentinelTimeout, commandTimeout: group.sentinelTimeout),
            logger: quiet
        )
        let primary = try? await client.send(["SENTINEL", "get-master-addr-by-name", group.masterName])
        let sentinels = try? await client.send(["SENTINEL", "SENTINELS", group.masterName])
        await client.disconnect()
        if case .array(let parts)? = primary, parts.count == 2, let host = parts[0].string, let port = parts[1].int, (1...65535).contains(port) {
            known.announce(host: host, port: Int(port))
        }
        guard case .array(let others)? = sentinels else { return }
        let addresses = others.compactMap { entry -> SentinelGroupKnowledge.SentinelAddress? in
            guard case .array(let fields) = entry else { return nil }
            var info: [String: String] = [:]
            for index in stride(from: 0, to: fields.count - 1, by: 2) {
                if let key = fields[index].string, let value = fields[index + 1].string { info[key] = value }
            }
            guard let host = info["ip"], let port = info["port"].flatMap({ Int($0) }), (1...65535).contains(port) else { return nil }
            return SentinelGroupKnowledge.SentinelAddress(host: host, port: port)
        }
        for learned in known.learnSentinels(addresses, group: group) {
            logger.info(
                "Learned of Sentinel \(RedisEndpoint(host: learned.host, port: learned.port).address) from Sentinel \(endpoint.address)",
                metadata: ["redis.master_name": "\(group.masterName)"])
        }
    }

    /// Takes in a `+switch-master` message: `<name> <old ip> <old port> <new ip> <new port>`.
    private func take(_ message: String, from endpoint: RedisEndpoint) {
        let fields = message.split(separator: " ").map(String.init)
        guard fields.count == 5, fields[0] == group.masterName, let port = Int(fields[4]), (1...65535).contains(port) else { return }
        let old = RedisEndpoint(host: fields[1], port: Int(fields[2]) ?? 0).address
        let new = RedisEndpoint(host: fields[3], port: port)
        guard known.announce(host: new.host, port: new.port) else { return }
        let level: Logger.Level = known.shouldLog(primary: new.address) ? .info : .debug
        logger.log(
            level: level, "Redis primary is now \(new.address) (Sentinel \(endpoint.address) announced the switch from \(old))",
            metadata: ["redis.master_name": "\(group.masterName)"])
    }
}

/// Whether one watcher's subscription counts as listening on its group; counted once.
private final class ListeningFlag: Sendable {
    private let known: SentinelGroupKnowledge
    private let on = Mutex(false)

    init(known: SentinelGroupKnowledge) { self.known = known }

    func set(_ value: Bool) {
        let changed = on.withLock { on in
            defer { on = value }
            return on != value
        }
        if changed { known.setListening(value) }
    }
}

// SPDX-License-Identifier: Apache-2.0
internal import CHiredis
import Logging

/// What a connection in Sentinel mode remembers between connects; executor-confined.
struct SentinelState {
    /// An open connection to one Sentinel, kept for the periodic checks.
    var context: UnsafeMutablePointer<redisContext>?
    /// Which Sentinel `context` talks to.
    var contextIndex = -1
    /// The order to ask the Sentinels in: the last one that answered first.
    var order: [Int]
    /// The primary the live connection was verified against.
    var primary: RedisEndpoint?
    /// When the Sentinels were last asked.
    var lastCheck: ContinuousClock.Instant?
    /// Checks in a row that no Sentinel answered; each doubles the wait before the next one.
    var failedChecks = 0
    /// What the process knows of the group; nil in direct mode.
    let known: SentinelGroupKnowledge?
    /// The group's generation when the primary was last found: announcements up to it are known.
    var seenGeneration = 0

    init(count: Int, known: SentinelGroupKnowledge? = nil) {
        order = Array(0..<count)
        self.known = known
    }

    /// Closes the connection to the Sentinel, if any.
    mutating func close() {
        if let context { redisFree(context) }
        context = nil
        contextIndex = -1
    }

    /// Adds to the order the Sentinels learned since (indices from `count` on).
    mutating func include(count: Int) {
        for index in 0..<count where !order.contains(index) { order.append(index) }
    }

    /// Asks Sentinel `index` first from now on.
    mutating func prefer(_ index: Int) {
        order.removeAll { $0 == index }
        order.insert(index, at: 0)
    }

    /// Asks Sentinel `index` last from now on.
    mutating func demote(_ index: Int) {
        order.removeAll { $0 == index }
        order.append(index)
    }
}

/// Discovery through Redis Sentinel, following the Sentinel client guidelines: ask each Sentinel
/// in turn for the primary's address, connect to it, and check with `ROLE` that it is a master.
/// Executor only, like the rest of ``RedisConnection``.
extension RedisConnection {
    /// Finds the primary and connects to it as the live context (`AUTH`, `SELECT`, role checked).
    /// Throws `.connectFailed` listing what each Sentinel said (`.authFailed` if a primary
    /// refused the login), or `CancellationError`.
    func discoverPrimary(_ group: RedisSentinelGroup, token: OperationToken) throws -> UnsafeMutablePointer<redisContext> {
        var problems: [String] = []
        var refusedLogin = false
        let generation = sentinel.known?.generation ?? 0
        let sentinels = sentinelEndpoints(group)
        sentinel.include(count: sentinels.count)
        for index in sentinel.order {
            if token.isCancelled { throw CancellationError() }
            let named: RedisEndpoint
            do {
                guard let answer = try askSentinel(index, group) else {
                    problems.append("Sentinel \(sentinels[index].address) does not know a master named '\(group.masterName)'")
                    continue
                }
                named = answer
            } catch {
                problems.append(error.message)
                continue
            }
            sentinel.prefer(index)
            do {
                let context = try open(named, token: token)
                let role = try role(of: context, token: token)
                guard role == "master" else {
                    dropContext()
                    problems.append(
                        "\(named.address), named by Sentinel \(sentinels[index].address), is a \(role ?? "server of unknown role"), not a master"
                    )
                    continue
                }
                sentinel.seenGeneration = generation
                notePrimary(named, namedBy: sentinels[index], group: group)
                return context
            } catch let error as RedisError {
                if error.code == .authFailed { refusedLogin = true }
                problems.append(error.message)
            }
        }
        throw RedisError(refusedLogin ? .authFailed : .connectFailed, "\(endpointDescription): no primary found: \(problems.joined(separator: "; "))")
    }

    /// Whether the connected server is still the primary. While a ``RedisSentinelWatcher`` of
    /// this process listens to the Sentinels' `+switch-master`, it looks at what was announced
    /// since the connection found its primary, and asks the first Sentinel in line only every 30
    /// `checkInterval`s as a backstop; otherwise it asks at most every `checkInterval`. When the primary is another server it drops the connection
    /// (the next command connects to the new primary) and returns why. A Sentinel that cannot
    /// answer goes to the back of the line and leaves the connection be; the wait before the next
    /// check then doubles (up to 32 intervals), so Sentinels that are all down cost a command at
    /// most one `sentinelTimeout` now and then.
    func checkPrimaryIfDue() -> String? {
        guard case .sentinel(let group) = configuration.discovery, context != nil, let current = sentinel.primary,
            let index = sentinel.order.first
        else { return nil }
        let listening = sentinel.known?.isListening ?? false
        if listening, let announced = sentinel.known?.announcement, announced.generation > sentinel.seenGeneration {
            sentinel.seenGeneration = announced.generation
            if announced.host != current.host || announced.port != current.port {
                dropContext()
                let moved = RedisEndpoint(host: announced.host, port: announced.port).address
                let reason = "the Sentinels announced \(moved) as the primary of '\(group.masterName)', no longer \(current.address)"
                logger.debug("Redis primary moved; reconnecting", metadata: ["redis.endpoint": "\(endpointDescription)", "redis.reason": "\(reason)"])
                return reason
            }
        }
        // While announcements are heard, asking is only a backstop (a primary replaced without a
        // failover, such as `SENTINEL REMOVE` and `MONITOR`, is not announced): 30 times rarer.
        let now = ContinuousClock.now
        let wait = group.checkInterval * (listening ? 30 : 1) * (1 << min(sentinel.failedChecks, 5))
        if let last = sentinel.lastCheck, now - last < wait { return nil }
        sentinel.lastCheck = now
        do {
            guard let named = try askSentinel(index, group) else {
                sentinel.failedChecks += 1
                sentinel.demote(index)
                return nil
            }
            sentinel.failedChecks = 0
            if named.host == current.host && named.port == current.port { return nil }
            dropContext()
            let reason =
                "Sentinel \(sentinelEndpoints(group)[index].address) names \(named.address) as the primary of '\(group.masterName)', "
                + "no longer \(current.address)"
            logger.debug("Redis primary moved; reconnecting", metadata: ["redis.endpoint": "\(endpointDescription)", "redis.reason": "\(reason)"])
            return reason
        } catch {
            sentinel.failedChecks += 1
            sentinel.demote(index)
            return nil
        }
    }

    /// Drops the live connection when a reply says its server is no longer a writable primary
    /// (`READONLY`: demoted to a replica; `LOADING`: restarting), in Sentinel mode only, so that
    /// the next command asks the Sentinels again. The error still goes to the caller.
    func dropIfNotPrimary(_ results: [Result<RedisReply, RedisError>]) {
        guard case .sentinel = configuration.discovery else { return }
        for case .failure(let error) in results where error.message.hasPrefix("READONLY") || error.message.hasPrefix("LOADING") {
            logger.info(
                "Redis server is no longer a writable primary; asking Sentinel again",
                metadata: ["redis.endpoint": "\(contextDescription)", "redis.error": "\(error.message)"]
            )
            dropContext()
            return
        }
    }

    /// The primary's address as Sentinel `index` names it, or nil when it does not know the
    /// master name. Keeps the connection to that Sentinel open for next time.
    private func askSentinel(_ index: Int, _ group: RedisSentinelGroup) throws(RedisError) -> RedisEndpoint? {
        let endpoint = sentinelEndpoints(group)[index]
        if sentinel.contextIndex != index { sentinel.close() }
        let description = "Sentinel \(endpoint.address)"
        let context: UnsafeMutablePointer<redisContext>
        if let open = sentinel.context {
            context = open
        } else {
            context = try RedisConnection.connectSocket(
                endpoint, connectTimeout: group.sentinelTimeout, commandTimeout: group.sentinelTimeout, description: description
            )
            sentinel.context = context
            sentinel.contextIndex = index
            if let auth = Self.authArguments(endpoint), case .failure(let error) = try sentinelRoundTrip(auth, group, doing: "AUTH") {
                sentinel.close()
                throw RedisError(.authFailed, "\(description): AUTH failed: \(redacted(error.message))")
            }
        }
        let ask = ["SENTINEL", "get-master-addr-by-name", group.masterName].map { Array($0.utf8) }
        switch try sentinelRoundTrip(ask, group, doing: "SENTINEL get-master-addr-by-name") {
        case .success(.null):
            return nil
        case .success(let answer):
            if case .array(let parts) = answer, parts.count == 2, let host = parts[0].string, let port = parts[1].int,
                (1...65535).contains(port)
            {
                return group.primary(host: host, port: Int(port))
            }
            sentinel.close()
            throw RedisError(.protocolError, "\(description): unexpected answer to SENTINEL get-master-addr-by-name: \(answer)")
        case .failure(let error):
            sentinel.close()
            throw RedisError(.server, "\(description): SENTINEL get-master-addr-by-name failed: \(redacted(error.message))")
        }
    }

    /// One command on the Sentinel connection; a broken connection is closed and thrown.
    private func sentinelRoundTrip(
        _ arguments: [[UInt8]], _ group: RedisSentinelGroup, doing: String
    ) throws(RedisError) -> Result<RedisReply, RedisError> {
        guard let context = sentinel.context else { throw RedisError(.io, "no Sentinel connection") }
        let (raw, errorNumber) = HiredisArgv.with(arguments) { argc, argv, argvlen in
            (redisCommandArgv(context, argc, argv, argvlen), chiredis_errno())
        }
        guard let raw else {
            let failure = Self.classify(context, errorNumber: errorNumber)
            let address = sentinelEndpoints(group)[sentinel.contextIndex].address
            sentinel.close()
            throw Self.error(failure, description: "Sentinel \(address)", doing: doing, timeout: group.sentinelTimeout)
        }
        return Self.take(raw)
    }

    /// The server's role (`master`, `slave`, `sentinel`) from `ROLE`, or from `HELLO` when `ROLE`
    /// is refused (an ACL user without it); nil if neither says.
    private func role(of context: UnsafeMutablePointer<redisContext>, token: OperationToken) throws -> String? {
        if case .success(.array(let parts)) = try roundTrip(context, [Array("ROLE".utf8)], token: token, doing: "ROLE") {
            return parts.first?.string
        }
        guard case .success(.array(let fields)) = try roundTrip(context, [Array("HELLO".utf8)], token: token, doing: "HELLO") else {
            return nil
        }
        let pairs = stride(from: 0, to: fields.count - 1, by: 2)
        return pairs.first { fields[$0].string == "role" }.flatMap { fields[$0 + 1].string }
    }

    /// The configured Sentinels, then those this process learned (`SENTINEL SENTINELS`).
    func sentinelEndpoints(_ group: RedisSentinelGroup) -> [RedisEndpoint] {
        sentinel.known?.sentinels(of: group) ?? group.sentinels
    }

    /// Records the verified primary and logs when it changed, once per process (the first
    /// connection or watcher of the process to see it logs at info, the others at debug).
    private func notePrimary(_ primary: RedisEndpoint, namedBy source: RedisEndpoint, group: RedisSentinelGroup) {
        sentinel.lastCheck = .now
        sentinel.failedChecks = 0
        if sentinel.primary?.host != primary.host || sentinel.primary?.port != primary.port {
            let news = sentinel.known?.shouldLog(primary: primary.address) ?? true
            logger.log(
                level: news ? .info : .debug,
                "Redis primary is now \(primary.address)",
                metadata: ["redis.master_name": "\(group.masterName)", "redis.sentinel": "\(source.address)"]
            )
        }
        sentinel.primary = primary
    }
}

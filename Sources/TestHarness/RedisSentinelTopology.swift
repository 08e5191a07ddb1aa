// SPDX-License-Identifier: Apache-2.0
import Foundation

/// A Sentinel-monitored Redis group on loopback, for tests: a primary, its replicas and a few
/// `redis-sentinel` processes with fast failover settings (down after 1 s, failover timeout 4 s).
///
/// ``start(masterName:replicas:sentinels:password:sentinelPassword:)`` returns once every Sentinel
/// sees the primary, the other Sentinels and every replica, and every replica's link is up, so
/// that `SENTINEL failover` has a replica to promote. Every process is killed when the object goes away.
public final class RedisSentinelTopology: Sendable {
    /// What went wrong while setting up or driving the group.
    public struct Failure: Error, CustomStringConvertible {
        /// What happened.
        public let description: String
    }

    /// The name the Sentinels monitor the group by.
    public let masterName: String
    /// The data nodes: the first one starts as the primary, the others as its replicas.
    public let servers: [RedisServerProcess]
    /// The Sentinels.
    public let sentinels: [RedisServerProcess]
    /// The password of the data nodes (`requirepass` and `masterauth`), if any.
    public let password: String?
    /// The password of the Sentinels themselves, if any.
    public let sentinelPassword: String?
    /// The ACL user the harness logs in to the data nodes with (`password` is its password), if
    /// the data nodes use an ACL file.
    public let user: String?

    /// Data nodes that load an ACL file: the replicas log in to the primary as `replicaUser`
    /// (`masteruser`), the Sentinels log in to the data nodes as `sentinelUser`
    /// (`sentinel auth-user`), and so does the harness itself.
    public struct ACL: Sendable {
        /// The ACL file every data node loads (`aclfile`).
        public var file: String
        /// The user replicas replicate as.
        public var replicaUser: String
        /// Its password.
        public var replicaPassword: String
        /// The user Sentinels monitor and reconfigure the data nodes as.
        public var sentinelUser: String
        /// Its password.
        public var sentinelPassword: String

        /// Creates the settings.
        public init(file: String, replicaUser: String, replicaPassword: String, sentinelUser: String, sentinelPassword: String) {
            self.file = file
            self.replicaUser = replicaUser
            self.replicaPassword = replicaPassword
            self.sentinelUser = sentinelUser
            self.sentinelPassword = sentinelPassword
        }
    }

    /// `127.0.0.1:port` of every Sentinel, for a client's configuration.
    public var sentinelAddresses: [String] { sentinels.map { "127.0.0.1:\($0.port)" } }

    private init(
        masterName: String, servers: [RedisServerProcess], sentinels: [RedisServerProcess], password: String?, sentinelPassword: String?,
        user: String?
    ) {
        self.masterName = masterName
        self.servers = servers
        self.sentinels = sentinels
        self.password = password
        self.sentinelPassword = sentinelPassword
        self.user = user
    }

    /// Starts the group and waits (up to 60 s) until the Sentinels agree on it. The data nodes
    /// take `password` (`requirepass`), or load `acl`'s file.
    public static func start(
        masterName: String = "mymaster", replicas: Int = 1, sentinels count: Int = 3, password: String? = nil, sentinelPassword: String? = nil,
        acl: ACL? = nil
    ) async throws -> RedisSentinelTopology {
        var auth = password.map { ["--requirepass", $0, "--masterauth", $0] } ?? []
        if let acl { auth = ["--aclfile", acl.file, "--masteruser", acl.replicaUser, "--masterauth", acl.replicaPassword] }
        let primary = try RedisServerProcess.start(extraArguments: auth)
        var servers = [primary]
        for _ in 0..<replicas {
            servers.append(try RedisServerProcess.start(extraArguments: auth + ["--replicaof", "127.0.0.1", String(primary.port)]))
        }
        var configuration = [
            "sentinel monitor \(masterName) 127.0.0.1 \(primary.port) \(count / 2 + 1)",
            "sentinel down-after-milliseconds \(masterName) 1000",
            "sentinel failover-timeout \(masterName) 4000",
            "sentinel parallel-syncs \(masterName) 1",
        ]
        if let password, acl == nil { configuration.append("sentinel auth-pass \(masterName) \(password)") }
        if let acl {
            configuration += ["sentinel auth-user \(masterName) \(acl.sentinelUser)", "sentinel auth-pass \(masterName) \(acl.sentinelPassword)"]
        }
        if let sentinelPassword { configuration += ["requirepass \(sentinelPassword)", "sentinel sentinel-pass \(sentinelPassword)"] }
        var sentinels: [RedisServerProcess] = []
        for _ in 0..<count {
            sentinels.append(try RedisServerProcess.startSentinel(configuration: configuration))
        }
        let topology = RedisSentinelTopology(
            masterName: masterName, servers: servers, sentinels: sentinels, password: acl?.sentinelPassword ?? password,
            sentinelPassword: sentinelPassword, user: acl?.sentinelUser
        )
        try await topology.waitUntilSettled(timeout: .seconds(60))
        return topology
    }

    /// The port of the primary as the first Sentinel that answers names it.
    public func primaryPort() -> Int? {
        for sentinel in sentinels {
            let answer = sentinelCommand(sentinel, ["SENTINEL", "get-master-addr-by-name", masterName])
            if answer.count == 2, let port = Int(answer[1]) { return port }
        }
        return nil
    }

    /// The data node the Sentinels name as the primary.
    public func primary() -> RedisServerProcess? {
        primaryPort().flatMap { port in servers.first { $0.port == port } }
    }

    /// The role (`master`, `slave`) the data node on `port` reports, nil if it does not answer.
    public func role(ofServerOn port: Int) -> String? {
        Self.cli(port: port, user: user, password: password, ["ROLE"]).first
    }

    /// Forces a failover (`SENTINEL failover`, retried while the Sentinels are not ready for it)
    /// and waits until every Sentinel names another primary and that server says it is a master.
    /// Returns the new primary's port. Does not wait for the old primary to be demoted.
    @discardableResult
    public func failover(timeout: Duration = .seconds(60)) async throws -> Int {
        guard let old = primaryPort() else { throw Failure(description: "no Sentinel names a primary of '\(masterName)'") }
        let deadline = ContinuousClock.now + timeout
        var last = ""
        while true {
            last = sentinelCommand(sentinels[0], ["SENTINEL", "failover", masterName]).joined(separator: " ")
            if last == "OK" { break }
            if ContinuousClock.now > deadline { throw Failure(description: "SENTINEL failover kept failing: \(last)") }
            try await Task.sleep(for: .milliseconds(250))
        }
        while true {
            let named = sentinels.map { sentinel in
                sentinelCommand(sentinel, ["SENTINEL", "get-master-addr-by-name", masterName]).last.flatMap { Int($0) }
            }
            if let port = named.first ?? nil, port != old, named.allSatisfy({ $0 == port }), role(ofServerOn: port) == "master" {
                return port
            }
            if ContinuousClock.now > deadline {
                throw Failure(description: "after SENTINEL failover the Sentinels name \(named), the old primary was \(old)")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Waits until the server on `port` reports the role `slave` (Sentinel demotes an old primary
    /// that is still up some seconds after the failover).
    public func waitUntilReplica(port: Int, timeout: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + timeout
        while role(ofServerOn: port) != "slave" {
            if ContinuousClock.now > deadline { throw Failure(description: "127.0.0.1:\(port) was not demoted to a replica") }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Stops every process.
    public func stop() {
        for process in sentinels + servers { process.stop() }
    }

    private func waitUntilSettled(timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        var state = ""
        while true {
            let views = sentinels.map { sentinelCommand($0, ["SENTINEL", "master", masterName]) }
            let settled = views.allSatisfy { fields in
                let info = Self.pairs(fields)
                return info["flags"] == "master" && info["num-other-sentinels"] == String(sentinels.count - 1)
                    && info["num-slaves"] == String(servers.count - 1)
            }
            let linked = servers.dropFirst().allSatisfy { replica in
                Self.cli(port: replica.port, user: user, password: password, ["INFO", "replication"]).joined().contains("master_link_status:up")
            }
            if settled && linked { return }
            state = views.map { Self.pairs($0).filter { ["flags", "num-other-sentinels", "num-slaves"].contains($0.key) }.description }
                .joined(separator: ", ")
            if ContinuousClock.now > deadline {
                throw Failure(description: "the Sentinels did not settle within \(timeout): \(state), replicas linked: \(linked)")
            }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    private func sentinelCommand(_ sentinel: RedisServerProcess, _ arguments: [String]) -> [String] {
        Self.cli(port: sentinel.port, user: nil, password: sentinelPassword, arguments)
    }

    private static func pairs(_ fields: [String]) -> [String: String] {
        var out: [String: String] = [:]
        for index in stride(from: 0, to: fields.count - 1, by: 2) { out[fields[index]] = fields[index + 1] }
        return out
    }

    /// Runs `redis-cli` against 127.0.0.1:`port` (as `user` when given) and returns its output
    /// lines; empty when it cannot connect.
    static func cli(port: Int, user: String?, password: String?, _ arguments: [String]) -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/redis-cli")
        var environment = ProcessInfo.processInfo.environment
        if let password { environment["REDISCLI_AUTH"] = password }
        process.environment = environment
        process.arguments = ["-h", "127.0.0.1", "-p", String(port)] + (user.map { ["--user", $0] } ?? []) + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return [] }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    deinit {
        stop()
    }
}

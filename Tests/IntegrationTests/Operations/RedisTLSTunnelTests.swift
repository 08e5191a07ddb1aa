// SPDX-License-Identifier: Apache-2.0
import BotEngineTesting
import Foundation
import TestHarness
import Testing

/// TLS to a remote Redis as docs/operations.md sets it up: redis-server with the shipped
/// deploy/redis/redis-tls.conf (plain-text port closed, a TLS port) and test certificates, the
/// shipped deploy/stunnel/redgreen-redis.conf as the bots' TLS client, and a master and a reader
/// through it. A recording relay stands for the network between the bots' host and the Redis host.
@Suite(.serialized) struct RedisTLSTunnelTests {
    static let password = "tunnel-secret-4f1c9e"

    @Test func aMasterAndAReaderWorkThroughStunnelAndThePasswordNeverCrossesInClear() async throws {
        let binary = try BotBinary.require()
        let stunnel = try DebianTool.require("stunnel4", package: "stunnel4")
        let redisCLI = try DebianTool.require("redis-cli", package: "redis-tools")
        let certificates = try await TestCertificates.make()
        let server = try await Self.startTLSRedis(certificates: certificates)
        defer { server.process.signal(SIGTERM) }
        let relay = try RecordingRelay(to: server.tlsPort)
        defer { relay.stop() }

        // Plain text to the TLS port gets nowhere, and would have crossed the network in clear.
        let plain = try ChildProcess(redisCLI, ["-h", "127.0.0.1", "-p", "\(relay.port)", "-a", Self.password, "--no-auth-warning", "PING"])
        _ = await plain.waitForExit(timeout: .seconds(30))
        #expect(!plain.stdout.contains("PONG"), "\(plain.stdout)")
        #expect(relay.carried(Self.password), "the relay does not see clear text, so its capture proves nothing")
        relay.clear()

        let tunnel = try await Self.startStunnel(stunnel, certificates: certificates, remotePort: relay.port)
        defer { tunnel.process.signal(SIGTERM) }
        let local = "127.0.0.1:\(tunnel.localPort)"

        // Through the tunnel: logged in, and the server's plain-text port is closed (port 0).
        let config = try ChildProcess(
            redisCLI, ["-h", "127.0.0.1", "-p", "\(tunnel.localPort)", "--no-auth-warning", "CONFIG", "GET", "port"],
            environment: ["REDISCLI_AUTH": Self.password])
        #expect(await config.waitForExit(timeout: .seconds(30)) == 0)
        #expect(config.stdout == "port\n0\n", "\(config.stdout)\(config.stderr) \(tunnel.process.stderr)")

        let sim = try await RunningSimulator.start()
        let dir = try BotBinary.temporaryDirectory()
        var bots: [ChildProcess] = []
        let env = ["REDIS_URL": "redis://\(local)", "REDGREEN_UPSTREAM_URL": sim.url, "REDIS_PASSWORD": Self.password]
        for (code, role) in [("en", "master"), ("vi", "reader")] {
            var config = TestBotConfig(code: code, role: role)
            config.upstream = TestBotConfig.retry(attempts: 1)
            config.redis += "\n  password_env: REDIS_PASSWORD"
            let path = try config.write(in: dir)
            bots.append(try ChildProcess(binary, ["run", "--config", path], environment: env))
        }
        for _ in 0..<2 {
            sim.state.publish()
            let issue = sim.latestIssue
            for bot in bots {
                #expect(await bot.waitFor(timeout: .seconds(60)) { Ops.posts($0).last?.issue == issue }, "\(bot.stderr)")
            }
        }
        // The reader read the master's snapshot from Redis, through the tunnel.
        #expect(await bots[1].waitFor(timeout: .seconds(60)) { $0.stderr.contains("Shared data read from Redis") }, "\(bots[1].stderr)")

        #expect(relay.bytes.count > 1000, "nothing crossed the relay")
        #expect(!relay.carried(Self.password), "the password crossed the network in clear")
        #expect(!relay.carried("AUTH"), "a Redis command crossed the network in clear")
        #expect(!relay.carried("fivem_red_green_shared_data"), "the snapshot key crossed the network in clear")
        for bot in bots {
            #expect(!bot.stderr.contains(Self.password))
            bot.signal(SIGTERM)
            #expect(await bot.waitForExit(timeout: ChildProcess.stopDeadline) == 0, "\(bot.stderr)")
        }
        await sim.stop()
    }

    /// redis-server with deploy/redis/redis-tls.conf, on a free loopback TLS port.
    static func startTLSRedis(certificates: TestCertificates) async throws -> (process: ChildProcess, tlsPort: Int) {
        let dir = try BotBinary.temporaryDirectory()
        for _ in 0..<3 {
            let port = try FreePort.next()
            let process = try ChildProcess(
                "/usr/bin/redis-server",
                [
                    RepoPaths.root + "/deploy/redis/redis-tls.conf", "--bind", "127.0.0.1", "--tls-port", "\(port)",
                    "--tls-cert-file", certificates.serverCertificate, "--tls-key-file", certificates.serverKey,
                    "--tls-ca-cert-file", certificates.caCertificate, "--requirepass", password, "--save", "", "--appendonly", "no", "--dir", dir,
                ])
            if await process.waitFor(timeout: .seconds(20), { $0.stdout.contains("Ready to accept connections") || !$0.isRunning }), process.isRunning
            {
                return (process, port)
            }
        }
        throw RecordingRelay.Failure(what: "redis-server with TLS did not start")
    }

    /// stunnel4 with deploy/stunnel/redgreen-redis.conf, its ports and CA file replaced by the test's.
    static func startStunnel(_ stunnel: String, certificates: TestCertificates, remotePort: Int) async throws -> (
        process: ChildProcess, localPort: Int
    ) {
        let shipped = try String(contentsOfFile: RepoPaths.root + "/deploy/stunnel/redgreen-redis.conf", encoding: .utf8)
        for line in ["accept = 127.0.0.1:6380", "connect = redis.example.net:6379", "CAfile = /etc/stunnel/redgreen-redis-ca.crt"] {
            #expect(shipped.contains("\n\(line)\n"), "the shipped stunnel config no longer has '\(line)'")
        }
        let dir = try BotBinary.temporaryDirectory()
        for _ in 0..<3 {
            let port = try FreePort.next()
            let config = shipped.replacingOccurrences(of: "accept = 127.0.0.1:6380", with: "accept = 127.0.0.1:\(port)")
                .replacingOccurrences(of: "connect = redis.example.net:6379", with: "connect = 127.0.0.1:\(remotePort)")
                .replacingOccurrences(of: "CAfile = /etc/stunnel/redgreen-redis-ca.crt", with: "CAfile = \(certificates.caCertificate)")
            try config.write(toFile: "\(dir)/redgreen-redis.conf", atomically: true, encoding: .utf8)
            let process = try ChildProcess(stunnel, ["\(dir)/redgreen-redis.conf"])
            if await process.waitFor(timeout: .seconds(20), { $0.stderr.contains("Configuration successful") || !$0.isRunning }), process.isRunning {
                return (process, port)
            }
        }
        throw RecordingRelay.Failure(what: "stunnel4 did not start")
    }
}

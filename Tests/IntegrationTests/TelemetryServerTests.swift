// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotSupport
import CurlHTTP
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import Synchronization
import Testing

@testable import BotTelemetry

/// The telemetry endpoint in the test process, on a free loopback port, with its own registry.
@Suite struct TelemetryServerTests {
    @Test func itServesMetricsHealthAndReadiness() async throws {
        let registry = PrometheusCollectorRegistry()
        let factory = MetricsBootstrap.factory(registry: registry)
        Counter(label: "redgreen_redis_reads_total", dimensions: [("locale", "vi"), ("result", "hit")], factory: factory).increment(by: 3)
        Timer(label: "redgreen_redis_command_duration_seconds", dimensions: [("locale", "vi"), ("operation", "fetch")], factory: factory)
            .recordNanoseconds(700_000)
        let verdict = Mutex(Readiness(isReady: false, reason: "not ready: no successful poll yet"))
        try await Self.withServer(registry: registry, readiness: { verdict.withLock { $0 } }) { port in
            let base = "http://127.0.0.1:\(port)"

            let health = await Ops.get("\(base)/healthz")
            #expect(health?.status == 200 && health?.body == "ok\n")

            let unready = await Ops.get("\(base)/readyz")
            #expect(unready?.status == 503)
            #expect(unready?.body == "not ready: no successful poll yet\n")
            verdict.withLock { $0 = Readiness(isReady: true, reason: "ready: fresh snapshot read 1500ms ago") }
            let ready = await Ops.get("\(base)/readyz")
            #expect(ready?.status == 200)
            #expect(ready?.body == "ready: fresh snapshot read 1500ms ago\n")

            let metrics = try #require(await Ops.get("\(base)/metrics"))
            #expect(metrics.status == 200)
            let samples = MetricSample.parse(metrics.body)
            #expect(samples.sample("redgreen_redis_reads_total", ["locale": "vi", "result": "hit"])?.value == 3)
            // 0.7 ms falls in the 1 ms bucket of the Redis buckets, not in the 0.5 ms one.
            let bucket = ["locale": "vi", "operation": "fetch"]
            #expect(samples.sample("redgreen_redis_command_duration_seconds_bucket", bucket.merging(["le": "0.0005"]) { $1 })?.value == 0)
            #expect(samples.sample("redgreen_redis_command_duration_seconds_bucket", bucket.merging(["le": "0.001"]) { $1 })?.value == 1)
            #expect(metrics.body.contains("# TYPE redgreen_redis_reads_total counter"))

            #expect(await Ops.get("\(base)/nothing-here")?.status == 404)
        }
    }

    /// Runs a server on a free loopback port and gives `body` that port.
    static func withServer(
        _ limits: TelemetryServer.Limits = .init(), registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
        readiness: @escaping @Sendable () -> Readiness = { Readiness(isReady: true, reason: "ready") }, snapshots: ServedSnapshot? = nil,
        peerToken: Secret? = nil, _ body: (Int) async throws -> Void
    ) async throws {
        let quiet = Logger(label: "t") { _ in SwiftLogNoOpLogHandler() }
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let server = TelemetryServer(
            address: ListenAddress(host: "127.0.0.1", port: 0), registry: registry, readiness: readiness, logger: quiet, limits: limits,
            snapshots: snapshots, peerToken: peerToken
        ) { port in
            portSink.yield(port)
            portSink.finish()
        }
        let group = ServiceGroup(configuration: .init(services: [server], logger: quiet))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            try await body(try #require(await iterator.next()))
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// Idle and slowloris connections stayed open for ever (issue 19, item 5): ~1,000 of them left
    /// the bot unable to reconnect to Redis. A half-sent head, a trickled body and an idle
    /// keep-alive connection are all closed.
    /// Each response carries a `Date` (RFC 9110's IMF-fixdate), made when it is written: no date
    /// cache refreshed every second wakes an idle bot.
    @Test func responsesCarryTheDateMadeWhenWritten() async throws {
        #expect(HTTPDate.format(secondsSince1970: 784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.format(secondsSince1970: 0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.format(secondsSince1970: 1_798_761_599) == "Thu, 31 Dec 2026 23:59:59 GMT")
        try await Self.withServer { port in
            let client = CurlHTTPClient(userAgent: "ops-test")
            let request = HTTPRequest(url: "http://127.0.0.1:\(port)/healthz", connectTimeout: .seconds(10), timeout: .seconds(30))
            let response = try await client.execute(request)
            let date = response.headers.first { $0.name.lowercased() == "date" }?.value ?? ""
            #expect(date.wholeMatch(of: /[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT/) != nil, "Date: \(date)")
        }
    }

    @Test func slowAndIdleConnectionsAreClosed() async throws {
        var limits = TelemetryServer.Limits()
        limits.idleTimeout = .milliseconds(300)
        limits.requestTimeout = .milliseconds(300)
        try await Self.withServer(limits) { port in
            let head = try RawTCPConnection(port: port)
            head.send("GET /healthz HTTP/1.1\r\nHost: x\r\n")
            #expect(await head.waitForClose(seconds: 20), "a half-sent request head kept its connection")

            let body = try RawTCPConnection(port: port)
            body.send("POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n")
            #expect(await body.waitForClose(seconds: 20, whileSending: "x"), "a trickled body kept its connection")

            let idle = try RawTCPConnection(port: port)
            idle.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(String(decoding: await idle.receive(within: 20_000) ?? [], as: UTF8.self).hasPrefix("HTTP/1.1 200"))
            #expect(await idle.waitForClose(seconds: 20), "an idle keep-alive connection stayed open")
        }
    }

    /// Connections past the cap wait, unaccepted, until one closes.
    @Test func connectionsPastTheCapWaitUntilOneCloses() async throws {
        var limits = TelemetryServer.Limits()
        limits.maxConnections = 2
        limits.idleTimeout = .seconds(120)
        try await Self.withServer(limits) { port in
            let request = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
            var held = [try RawTCPConnection(port: port), try RawTCPConnection(port: port)]
            for connection in held {
                connection.send(request)
                #expect(String(decoding: await connection.receive(within: 20_000) ?? [], as: UTF8.self).hasPrefix("HTTP/1.1 200"))
            }
            let third = try RawTCPConnection(port: port)
            third.send(request)
            #expect(await third.receive(within: 1000) == nil, "a connection past the cap was served")
            held.removeFirst()  // closes it: the third is accepted and served
            #expect(String(decoding: await third.receive(within: 20_000) ?? [], as: UTF8.self).hasPrefix("HTTP/1.1 200"))
        }
    }
}

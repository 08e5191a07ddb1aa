import BotEngine
import BotTelemetry
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import Synchronization
import Testing

/// The telemetry endpoint in the test process, on a free loopback port, with its own registry.
@Suite struct TelemetryServerTests {
    @Test func itServesMetricsHealthAndReadiness() async throws {
        let registry = PrometheusCollectorRegistry()
        let factory = MetricsBootstrap.factory(registry: registry)
        Counter(label: "redgreen_redis_reads_total", dimensions: [("locale", "vi"), ("result", "hit")], factory: factory).increment(by: 3)
        Timer(label: "redgreen_redis_command_duration_seconds", dimensions: [("locale", "vi"), ("operation", "fetch")], factory: factory)
            .recordNanoseconds(700_000)
        let verdict = Mutex(Readiness(isReady: false, reason: "not ready: no successful poll yet"))
        let quiet = Logger(label: "t") { _ in SwiftLogNoOpLogHandler() }
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let server = TelemetryServer(
            address: ListenAddress(host: "127.0.0.1", port: 0), registry: registry, readiness: { verdict.withLock { $0 } }, logger: quiet
        ) { port in
            portSink.yield(port)
            portSink.finish()
        }
        let group = ServiceGroup(configuration: .init(services: [server], logger: quiet))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
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
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}

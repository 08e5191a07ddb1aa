// SPDX-License-Identifier: Apache-2.0
import Metrics
import Prometheus

/// Sets up swift-metrics with a Prometheus backend, once per process: the bot's metrics are
/// kept from then on, and a `TelemetryServer` on the returned registry serves them.
package enum MetricsBootstrap {
    /// Buckets of `redgreen_redis_command_duration_seconds`: Redis answers in well under a
    /// millisecond on a LAN, so they start lower than the default ones.
    package static let redisBuckets: [Duration] = [
        .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
    ]

    /// Buckets of `redgreen_draw_to_post_seconds`: a draw reaches the sinks within a poll
    /// interval or two, or after minutes when a bot catches up.
    package static let drawToPostBuckets: [Duration] = [
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5), .seconds(10), .seconds(30),
        .seconds(60), .seconds(300),
    ]

    /// Bootstraps swift-metrics with a Prometheus factory and returns its registry. Call once,
    /// before any metric is recorded.
    package static func prometheus() -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(factory(registry: registry))
        return registry
    }

    /// The factory the bot's metrics use, on `registry`.
    package static func factory(registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets["redgreen_redis_command_duration_seconds"] = redisBuckets
        factory.durationHistogramBuckets["redgreen_draw_to_post_seconds"] = drawToPostBuckets
        return factory
    }
}

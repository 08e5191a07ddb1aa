// SPDX-License-Identifier: Apache-2.0
import BotSupport
/// A game API that times each request of the API it wraps into
/// `redgreen_upstream_request_duration_seconds` and counts it by outcome into
/// `redgreen_upstream_requests_total{outcome="ok|error|timeout|invalid"}`, so that the HTTP client
/// stays free of metrics. Wrapped by the retries, it sees every attempt.
package struct TimedGameAPI: GameAPI {
    /// The game API timed.
    package let base: any GameAPI
    private let metrics: BotMetrics

    /// Times `base` into `metrics`.
    package init(_ base: any GameAPI, metrics: BotMetrics) {
        self.base = base
        self.metrics = metrics
    }

    package func fetchDraws() async throws -> DrawFeed {
        let clock = ContinuousClock()
        let start = clock.now
        defer { metrics.upstreamDuration(start.duration(to: clock.now)) }
        do {
            let feed = try await base.fetchDraws()
            metrics.upstreamRequest("ok")
            return feed
        } catch let error as UpstreamError {
            metrics.upstreamRequest(error.code == .timeout ? "timeout" : error.code == .invalid ? "invalid" : "error")
            throw error
        }
    }
}

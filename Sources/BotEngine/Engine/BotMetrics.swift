import Metrics

/// The bot's metrics, through swift-metrics: a no-op until the process bootstraps a backend.
/// Names and labels follow Prometheus conventions, each series labelled with the bot's locale.
struct BotMetrics: Sendable {
    let locale: String

    /// `redgreen_redis_reads_total{result="hit|stale|miss|corrupt|error"}`.
    func redisRead(_ result: String) {
        Counter(label: "redgreen_redis_reads_total", dimensions: [("locale", locale), ("result", result)]).increment()
    }

    /// `redgreen_upstream_requests_total{outcome="ok|error|timeout|invalid"}`.
    func upstreamRequest(_ outcome: String) {
        Counter(label: "redgreen_upstream_requests_total", dimensions: [("locale", locale), ("outcome", outcome)]).increment()
    }

    /// `redgreen_fallback_total{reason}`: reader polls that went to the game API.
    func fallback(_ reason: String) {
        Counter(label: "redgreen_fallback_total", dimensions: [("locale", locale), ("reason", reason)]).increment()
    }

    /// `redgreen_posts_total{sink,outcome="sent|failed"}`.
    func post(sink: String, outcome: String) {
        Counter(label: "redgreen_posts_total", dimensions: [("locale", locale), ("sink", sink), ("outcome", outcome)]).increment()
    }

    /// `redgreen_last_posted_issue`.
    func lastPosted(_ issue: Int64) {
        Gauge(label: "redgreen_last_posted_issue", dimensions: [("locale", locale)]).record(issue)
    }

    /// `redgreen_snapshot_age_seconds`.
    func snapshotAge(millis: Int64) {
        Gauge(label: "redgreen_snapshot_age_seconds", dimensions: [("locale", locale)]).record(Double(millis) / 1000)
    }
}

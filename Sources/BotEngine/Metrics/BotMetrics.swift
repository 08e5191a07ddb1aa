import Metrics

/// The bot's metrics, through swift-metrics: a no-op until the process bootstraps a backend.
/// Names and labels follow Prometheus conventions, each series labelled with the bot's locale.
///
/// `BotAssembly` makes one for each bot and hands it to every part that records: the timed
/// decorators of the game API, the store and the ledger, the monitor (and through it the
/// services, the poster and the sink workers).
public struct BotMetrics: Sendable {
    /// The locale every series is labelled with.
    public let locale: String

    /// The metrics of the bot of `locale`.
    public init(locale: String) {
        self.locale = locale
    }

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

    /// `redgreen_posts_total{sink,outcome="sent|retried|failed|duplicate_skipped"}`.
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

    /// `redgreen_upstream_request_duration_seconds`: one game API request, answered or not.
    func upstreamDuration(_ duration: Duration) {
        Timer(label: "redgreen_upstream_request_duration_seconds", dimensions: [("locale", locale)]).recordNanoseconds(duration.nanoseconds)
    }

    /// `redgreen_redis_command_duration_seconds{operation}`: one store or ledger operation (a
    /// command, or the few a step sends together), answered or not.
    func redisCommand(_ operation: String, _ duration: Duration) {
        Timer(label: "redgreen_redis_command_duration_seconds", dimensions: [("locale", locale), ("operation", operation)])
            .recordNanoseconds(duration.nanoseconds)
    }

    /// `redgreen_leader`: 1 while this bot is the master that writes the snapshot, 0 otherwise.
    func leader(_ isLeader: Bool) {
        Gauge(label: "redgreen_leader", dimensions: [("locale", locale)]).record(isLeader ? 1 : 0)
    }

    /// `redgreen_master_can_lead`: 1 while this master holds the lease or could take it (its game
    /// API answers, or it has not probed yet), 0 while it cannot reach the game API.
    func canLead(_ canLead: Bool) {
        Gauge(label: "redgreen_master_can_lead", dimensions: [("locale", locale)]).record(canLead ? 1 : 0)
    }

    /// Makes the series a bot of `role` reports show at zero before their first event, so a
    /// scrape right after start lists them.
    func prime(role: BotConfig.Role) {
        leader(false)
        if role == .master { canLead(true) }
        for outcome in ["ok", "error", "timeout", "invalid"] {
            Counter(label: "redgreen_upstream_requests_total", dimensions: [("locale", locale), ("outcome", outcome)]).increment(by: 0)
        }
        guard role == .reader else { return }
        for result in ["hit", "stale", "miss", "corrupt", "error"] {
            Counter(label: "redgreen_redis_reads_total", dimensions: [("locale", locale), ("result", result)]).increment(by: 0)
        }
        for reason in ["stale", "missing", "corrupt", "redis_unavailable"] {
            Counter(label: "redgreen_fallback_total", dimensions: [("locale", locale), ("reason", reason)]).increment(by: 0)
        }
    }

    /// Makes `sink`'s post series show at zero before its first post.
    func prime(sink: String) {
        for outcome in ["sent", "retried", "failed", "duplicate_skipped"] {
            Counter(label: "redgreen_posts_total", dimensions: [("locale", locale), ("sink", sink), ("outcome", outcome)]).increment(by: 0)
        }
    }
}

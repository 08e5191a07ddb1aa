// SPDX-License-Identifier: Apache-2.0
import Metrics

/// The bot's metrics, through swift-metrics: a no-op until the process bootstraps a backend.
/// Names and labels follow Prometheus conventions, each series labelled with the bot's locale.
///
/// `BotAssembly` makes one for each bot and hands it to every part that records: the timed
/// decorators of the game API, the store and the ledger, the monitor (and through it the
/// services, the poster and the sink workers).
package struct BotMetrics: Sendable {
    /// The locale every series is labelled with.
    package let locale: String

    /// The metrics of the bot of `locale`.
    package init(locale: String) {
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

    /// `redgreen_draws_not_posted_total{reason="left_window"}`: draws never handed to the sinks,
    /// gone from the game API's window before the bot could post them.
    func drawsNotPosted(_ count: Int, reason: String) {
        Counter(label: "redgreen_draws_not_posted_total", dimensions: [("locale", locale), ("reason", reason)]).increment(by: Int64(count))
    }

    /// `redgreen_posts_total{sink,outcome="sent|retried|failed|duplicate_skipped|too_old"}`.
    func post(sink: String, outcome: String) {
        Counter(label: "redgreen_posts_total", dimensions: [("locale", locale), ("sink", sink), ("outcome", outcome)]).increment()
    }

    /// `redgreen_digests_total{sink}` and `redgreen_digest_draws_total{sink}`: digests sent (one
    /// message covering many missed draws, its parts counted once) and the draws they covered.
    func digest(sink: String, draws: Int) {
        Counter(label: "redgreen_digests_total", dimensions: [("locale", locale), ("sink", sink)]).increment()
        Counter(label: "redgreen_digest_draws_total", dimensions: [("locale", locale), ("sink", sink)]).increment(by: Int64(draws))
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

    /// `redgreen_draw_to_post_seconds`: from a draw's time, as the game API gives it, to the bot
    /// handing the draw to its sinks (a clock ahead of the game's counts as zero).
    func drawToPost(millis: Int64) {
        Timer(label: "redgreen_draw_to_post_seconds", dimensions: [("locale", locale)]).recordNanoseconds(max(0, millis) &* 1_000_000)
    }

    /// `redgreen_ready`: 1 while the bot is ready (as `/readyz` says), 0 otherwise; set at each scrape.
    func ready(_ isReady: Bool) {
        Gauge(label: "redgreen_ready", dimensions: [("locale", locale)]).record(isReady ? 1 : 0)
    }

    /// `redgreen_redis_errors_total{operation}`: store or ledger operations that failed (Redis
    /// down, refused, timed out), for every role.
    func redisError(_ operation: String) {
        Counter(label: "redgreen_redis_errors_total", dimensions: [("locale", locale), ("operation", operation)]).increment()
    }

    /// `redgreen_sink_disabled{sink,reason}`: 1 while `sink` stopped sending because its chat is
    /// lost for `reason` (`forbidden`, `chat_not_found`, `unauthorized`, `not_found`).
    func sinkDisabled(_ sink: String, reason: String, _ disabled: Bool) {
        Gauge(label: "redgreen_sink_disabled", dimensions: [("locale", locale), ("sink", sink), ("reason", reason)]).record(disabled ? 1 : 0)
    }

    /// Every `reason` of `redgreen_sink_disabled`.
    static let lostChatReasons = ["forbidden", "chat_not_found", "unauthorized", "not_found", "invalid_requests"]

    /// The labels of each primed counter: every value a bot of any role can report.
    static let primedCounters: [(label: String, dimension: String, values: [String])] = [
        ("redgreen_upstream_requests_total", "outcome", ["ok", "error", "timeout", "invalid"]),
        ("redgreen_redis_reads_total", "result", ["hit", "stale", "miss", "corrupt", "error"]),
        ("redgreen_fallback_total", "reason", ["stale", "missing", "corrupt", "redis_unavailable"]),
        ("redgreen_redis_errors_total", "operation", redisOperations),
        ("redgreen_draws_not_posted_total", "reason", ["left_window"]),
    ]

    /// Every `operation` of `redgreen_redis_command_duration_seconds` and `redgreen_redis_errors_total`.
    static let redisOperations = [
        "publish", "fetch", "lease", "claim", "mark_sent", "release", "abandon", "rewind", "resume_point", "migrate", "stats",
    ]

    /// Makes every series a bot reports show from its start, at zero, whatever its role: a
    /// master lists the reader's series and a reader the master's, so dashboards and alerts never
    /// see a series appear or vanish when the lease moves. `redgreen_master_can_lead` starts at 1
    /// on a master (it has not probed yet) and stays 0 on a reader.
    func prime(role: BotConfig.Role) {
        leader(false)
        canLead(role == .master)
        ready(false)
        lastPosted(0)
        snapshotAge(millis: 0)
        for counter in Self.primedCounters {
            for value in counter.values {
                Counter(label: counter.label, dimensions: [("locale", locale), (counter.dimension, value)]).increment(by: 0)
            }
        }
        // Made, not recorded: a histogram lists its buckets at zero until its first observation.
        _ = Timer(label: "redgreen_upstream_request_duration_seconds", dimensions: [("locale", locale)])
        _ = Timer(label: "redgreen_draw_to_post_seconds", dimensions: [("locale", locale)])
        for operation in Self.redisOperations {
            _ = Timer(label: "redgreen_redis_command_duration_seconds", dimensions: [("locale", locale), ("operation", operation)])
        }
    }

    /// Makes `sink`'s post series show at zero before its first post.
    func prime(sink: String) {
        for reason in Self.lostChatReasons { sinkDisabled(sink, reason: reason, false) }
        for outcome in ["sent", "retried", "failed", "duplicate_skipped", "too_old"] {
            Counter(label: "redgreen_posts_total", dimensions: [("locale", locale), ("sink", sink), ("outcome", outcome)]).increment(by: 0)
        }
        for label in ["redgreen_digests_total", "redgreen_digest_draws_total"] {
            Counter(label: label, dimensions: [("locale", locale), ("sink", sink)]).increment(by: 0)
        }
    }
}

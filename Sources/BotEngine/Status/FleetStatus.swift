// SPDX-License-Identifier: Apache-2.0
/// The fleet of one game at a glance, as `redgreen-bot status` reads it from Redis: the shared
/// snapshot, the master lease, and each locale's delivery progress and latest summary counts.
/// Encodes to the JSON `status --json` prints (with snake_case keys).
package struct FleetStatus: Sendable, Equatable, Codable {
    /// The game (`game_type`).
    package var game: String
    /// The Redis endpoint read, password redacted.
    package var redis: String
    /// When it was read, in wall-clock milliseconds.
    package var checkedAtMillis: Int64
    /// The shared snapshot.
    package var snapshot: SnapshotStatus
    /// The master lease.
    package var lease: LeaseStatus
    /// Every locale with a delivery record or stats, by code.
    package var locales: [LocaleStatus]

    /// Creates a status.
    package init(game: String, redis: String, checkedAtMillis: Int64, snapshot: SnapshotStatus, lease: LeaseStatus, locales: [LocaleStatus]) {
        self.game = game
        self.redis = redis
        self.checkedAtMillis = checkedAtMillis
        self.snapshot = snapshot
        self.lease = lease
        self.locales = locales
    }

    /// The shared snapshot key.
    package struct SnapshotStatus: Sendable, Equatable, Codable {
        /// The key (`fivem_red_green_shared_data`).
        package var key: String
        /// Whether the key exists.
        package var present: Bool
        /// The latest draw's issue (`processed_data.issue_number`).
        package var issue: Int64?
        /// How long ago the master wrote it.
        package var ageMillis: Int64?
        /// The writer's sequence number, when the snapshot carries one.
        package var sequence: Int64?
        /// The key's remaining time to live.
        package var ttlMillis: Int64?
        /// What is wrong with it (does not decode, cannot be read), if anything.
        package var problem: String?

        /// Creates a snapshot status.
        package init(
            key: String, present: Bool, issue: Int64? = nil, ageMillis: Int64? = nil, sequence: Int64? = nil, ttlMillis: Int64? = nil,
            problem: String? = nil
        ) {
            self.key = key
            self.present = present
            self.issue = issue
            self.ageMillis = ageMillis
            self.sequence = sequence
            self.ttlMillis = ttlMillis
            self.problem = problem
        }
    }

    /// The key `redgreen:lease:<game>`, held by the master that writes.
    package struct LeaseStatus: Sendable, Equatable, Codable {
        /// The key.
        package var key: String
        /// Who holds it (the key's value), or nil when nobody does.
        package var holder: String?
        /// The lease's remaining time to live.
        package var ttlMillis: Int64?
        /// Why it could not be read, if it could not.
        package var problem: String?

        /// Creates a lease status; no holder means nobody holds it.
        package init(key: String, holder: String? = nil, ttlMillis: Int64? = nil, problem: String? = nil) {
            self.key = key
            self.holder = holder
            self.ttlMillis = ttlMillis
            self.problem = problem
        }
    }

    /// One locale's bot.
    package struct LocaleStatus: Sendable, Equatable, Codable {
        /// The locale code.
        package var locale: String
        /// The highest issue every one of its sinks is done with.
        package var lastPostedIssue: Int64?
        /// How many issues that is behind the snapshot's.
        package var lag: Int64?
        /// Each sink's highest issue done, by sink name.
        package var sinks: [SinkStatus]
        /// Its summary counts of its last interval, if it shares them.
        package var stats: StatsStatus?

        /// Creates a locale's status.
        package init(locale: String, lastPostedIssue: Int64?, lag: Int64?, sinks: [SinkStatus], stats: StatsStatus?) {
            self.locale = locale
            self.lastPostedIssue = lastPostedIssue
            self.lag = lag
            self.sinks = sinks
            self.stats = stats
        }
    }

    /// One sink's delivery progress.
    package struct SinkStatus: Sendable, Equatable, Codable {
        /// The sink's name.
        package var name: String
        /// The highest issue it is done with.
        package var lastIssue: Int64?

        /// Creates a sink's status.
        package init(name: String, lastIssue: Int64?) {
            self.name = name
            self.lastIssue = lastIssue
        }
    }

    /// A bot's latest summary counts (the hash `redgreen:stats:<game>:<locale>`).
    package struct StatsStatus: Sendable, Equatable, Codable {
        /// `master` or `reader`.
        package var role: String
        /// The interval counted.
        package var intervalMillis: Int64
        /// How long ago the bot wrote them.
        package var updatedAgoMillis: Int64
        /// Redis reads, and how many found a fresh snapshot.
        package var reads: Int
        /// Reads that found a fresh snapshot.
        package var hits: Int
        /// The hit rate in whole percent, when there were reads.
        package var hitRatePercent: Int?
        /// Polls that fell back to the game API.
        package var fallbacks: Int
        /// Snapshot writes (a master's).
        package var writes: Int
        /// Deliveries made.
        package var posts: Int
        /// Deliveries given up on.
        package var failedPosts: Int
        /// The highest issue the bot delivered.
        package var lastIssue: Int64?
        /// A master's leadership when it wrote them (`leader`, `standby, could lead (…)`,
        /// `standby, cannot lead: …`).
        package var lead: String?

        /// The status of `stats` read at `nowMillis`.
        package init(_ stats: BotStats, nowMillis: Int64) {
            role = stats.role
            intervalMillis = stats.intervalMillis
            let (ago, overflow) = nowMillis.subtractingReportingOverflow(stats.updatedMillis)
            updatedAgoMillis = overflow ? (stats.updatedMillis < 0 ? .max : 0) : max(0, ago)
            reads = stats.counts.reads
            hits = stats.counts.hits
            hitRatePercent = stats.counts.hitRatePercent
            fallbacks = stats.counts.fallbacks
            writes = stats.counts.writes
            posts = stats.counts.posts
            failedPosts = stats.counts.failedPosts
            lastIssue = stats.counts.lastIssue
            lead = stats.lead
        }
    }
}

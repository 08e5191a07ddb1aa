// SPDX-License-Identifier: Apache-2.0
import BotStore

extension RedisStatsRecorder: StatsRecorder {
    package func record(_ stats: BotStats, ttl: Duration) async throws {
        try await record(locale: stats.locale, fields: stats.fields, ttl: ttl)
    }
}

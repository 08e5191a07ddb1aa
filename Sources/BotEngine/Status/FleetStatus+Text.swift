// SPDX-License-Identifier: Apache-2.0
import BotStore
import BotSupport
import Foundation

extension FleetStatus {
    /// The status for people: the snapshot and the lease, then one row per locale.
    ///
    /// ```
    /// Fleet RG5M on redis://redgreen-writer:***@127.0.0.1:6379
    /// Snapshot  fivem_red_green_shared_data: draw 12345, written 1.5s ago, expires in 4m58s
    /// Lease     redgreen:lease:RG5M: none
    ///
    /// LOCALE  LAST POSTED  LAG  SINKS          HIT RATE       FALLBACKS  POSTS  STATS
    /// en      12345        0    console 12345  -              -          150    master, 5m, 12s ago
    /// vi      12344        1    console 12344  98% (294/300)  6          150    reader, 5m, 12s ago
    /// ```
    ///
    /// Everything read from Redis (locale and sink names from keys, the lease holder, problems)
    /// is printed with its control characters escaped (`TerminalText`): a planted key cannot clear
    /// or retitle the terminal of whoever runs `status`.
    package func text() -> String {
        var lines = ["Fleet \(game) on \(redis)", "Snapshot  \(snapshotLine)", "Lease     \(leaseLine)", ""].map(TerminalText.escaped)
        if locales.isEmpty {
            lines.append("No locale has a delivery record or shares its stats yet.")
        } else {
            var rows = [["LOCALE", "LAST POSTED", "LAG", "SINKS", "HIT RATE", "FALLBACKS", "POSTS", "STATS"]]
            for locale in locales { rows.append(Self.row(locale).map(TerminalText.escaped)) }
            lines += Self.table(rows)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private var snapshotLine: String {
        var text = "\(snapshot.key): "
        guard snapshot.present else {
            return text + (snapshot.problem.map { "cannot be read (\($0))" } ?? "none")
        }
        var parts: [String] = []
        if let issue = snapshot.issue { parts.append("draw \(issue)") }
        if let age = snapshot.ageMillis { parts.append("written \(Self.duration(age)) ago") }
        if let ttl = snapshot.ttlMillis { parts.append("expires in \(Self.duration(ttl))") }
        if let sequence = snapshot.sequence { parts.append("sequence \(sequence)") }
        if let problem = snapshot.problem { parts.append(problem) }
        text += parts.joined(separator: ", ")
        return text
    }

    private var leaseLine: String {
        if let problem = lease.problem { return "\(lease.key): cannot be read (\(problem))" }
        guard let holder = lease.holder else { return "\(lease.key): none" }
        return "\(lease.key): held by \(holder)" + (lease.ttlMillis.map { " (expires in \(Self.duration($0)))" } ?? "")
    }

    private static func row(_ locale: LocaleStatus) -> [String] {
        let sinks = locale.sinks.map { "\($0.name) \($0.lastIssue.map(String.init) ?? "-")" }.joined(separator: ", ")
        var row = [
            locale.locale, locale.lastPostedIssue.map(String.init) ?? "-", locale.lag.map(String.init) ?? "-", sinks.isEmpty ? "-" : sinks,
        ]
        if let stats = locale.stats {
            let reader = stats.role == BotConfig.Role.reader.rawValue
            row.append(reader ? "\(stats.hitRatePercent.map { "\($0)%" } ?? "n/a") (\(stats.hits)/\(stats.reads))" : "-")
            row.append(reader ? String(stats.fallbacks) : "-")
            row.append(String(stats.posts) + (stats.failedPosts > 0 ? " (\(stats.failedPosts) failed)" : ""))
            let role = stats.lead.map { "\(stats.role) (\($0))" } ?? stats.role
            row.append("\(role), \(duration(stats.intervalMillis)), \(duration(stats.updatedAgoMillis)) ago")
        } else {
            row += ["-", "-", "-", "none"]
        }
        return row
    }

    /// Rows as left-aligned columns two spaces apart.
    private static func table(_ rows: [[String]]) -> [String] {
        var widths: [Int] = []
        for row in rows {
            for (index, cell) in row.enumerated() {
                if index >= widths.count { widths.append(0) }
                widths[index] = max(widths[index], cell.count)
            }
        }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
    }

    /// `850ms`, `1.5s`, `4m58s`, `2h3m`.
    static func duration(_ millis: Int64) -> String {
        if millis < 1000 { return "\(millis)ms" }
        if millis < 60_000 {
            let tenths = millis / 100
            return tenths % 10 == 0 ? "\(tenths / 10)s" : "\(tenths / 10).\(tenths % 10)s"
        }
        let seconds = millis / 1000
        if seconds < 3600 { return seconds % 60 == 0 ? "\(seconds / 60)m" : "\(seconds / 60)m\(seconds % 60)s" }
        return (seconds % 3600) / 60 == 0 ? "\(seconds / 3600)h" : "\(seconds / 3600)h\((seconds % 3600) / 60)m"
    }
}

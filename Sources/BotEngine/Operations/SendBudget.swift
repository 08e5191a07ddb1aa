// SPDX-License-Identifier: Apache-2.0
import BotStore
import BotSupport
import Foundation

/// The sends and edits a minute that a fleet's configs imply for each chat, webhook and channel,
/// against each platform's published limits (docs/sinks.md, "Limits and budgets"): what
/// `config check` prints, warns about above 80 % and refuses above 100 %.
///
/// Per draw, a sink sends its result (one message), edits its live board (one edit) and posts
/// the trend picture on one draw in `every`. Draws come once a `upstream.draw_period`, or the
/// period a `game_type` such as `RG5M` or `RG30S` names; a config with neither is left out, and said so.
package struct SendBudget: Sendable {
    /// One limit of one destination.
    package struct Row: Sendable, CustomStringConvertible {
        /// What is limited: `telegram chat @c (token 1a2b…)`, `discord webhook 42`.
        package var destination: String
        /// The platform's rule: `20/min per group or channel`.
        package var rule: String
        /// The limit, per minute.
        package var limit: Double
        /// What the configs send there, per minute.
        package var perMinute: Double
        /// Where the sends come from: each sink's share.
        package var sources: [Source]

        /// The share of the limit used (1 = all of it).
        package var use: Double { perMinute / limit }

        /// `telegram chat @c (token …)  4.2/min of 20/min per group or channel: 21 %`.
        package var description: String {
            let parts = sources.map { "\($0.file) \($0.sink): \($0.what)" }.joined(separator: "; ")
            return "\(destination): \(Self.number(perMinute))/min of \(rule): \(Int((use * 100).rounded())) % (\(parts))"
        }

        static func number(_ value: Double) -> String {
            value >= 10 || value == value.rounded() ? String(Int(value.rounded())) : String(format: "%.1f", value)
        }
    }

    /// One sink's part in a row.
    package struct Source: Sendable {
        /// The config file.
        package var file: String
        /// The sink's name.
        package var sink: String
        /// The sink's index in `sinks`.
        package var index: Int
        /// `12 results, 12 board edits, 0.6 pictures`.
        package var what: String
        /// Per minute: results, board edits, pictures.
        package var results: Double, edits: Double, pictures: Double
        var total: Double { results + edits + pictures }
    }

    /// Every limit of every destination the configs post to, the busiest first.
    package var rows: [Row]
    /// Configs whose draw period is unknown, so not counted.
    package var unknownPeriods: [String]

    /// The share of a limit above which `config check` warns.
    package static let warnAt = 0.8

    /// The budget of `configs` (every bot of a fleet that `config check` is given).
    package init(configs: [BotConfig]) {
        var tally = Tally()
        unknownPeriods = []
        for config in configs {
            guard let period = Self.drawPeriod(of: config) else {
                if config.sinks.contains(where: { if case .console = $0 { false } else { true } }) { unknownPeriods.append(config.file) }
                continue
            }
            for (index, sink) in config.sinks.enumerated() {
                tally.count(sink, Self.source(config: config, index: index, sink: sink, drawsPerMinute: 60 / period))
            }
        }
        self.rows = tally.rows
    }

    /// What sink `index` of `config` sends a minute: a result per draw, a board edit per draw, a
    /// picture every `trend.every` draws.
    private static func source(config: BotConfig, index: Int, sink: SinkSettings, drawsPerMinute draws: Double) -> Source {
        let edits = sink.board != nil ? draws : 0
        let pictures = sink.trend.map { draws / Double($0.every) } ?? 0
        var parts = ["\(Row.number(draws)) results"]
        if edits > 0 { parts.append("\(Row.number(edits)) board edits") }
        if pictures > 0 { parts.append("\(Row.number(pictures)) pictures") }
        return Source(
            file: config.file, sink: sink.name, index: index, what: parts.joined(separator: ", "), results: draws, edits: edits,
            pictures: pictures)
    }

    /// The rows being summed, in the order they were first met.
    private struct Tally {
        var byKey: [String: Row] = [:]
        var order: [String] = []

        /// The rows, the busiest first.
        var rows: [Row] { order.compactMap { byKey[$0] }.sorted { $0.use > $1.use } }

        /// Adds what `source` sends to the limits of `sink`'s chat, token, webhook and channel.
        mutating func count(_ sink: SinkSettings, _ source: Source) {
            switch sink {
            case .telegram(let settings):
                let token = RedisKeys.tokenHash(settings.token.value)
                let chat = settings.chatID
                let group = chat.hasPrefix("-") || chat.hasPrefix("@")
                add(
                    "tg \(token) \(chat)", "telegram chat \(chat) (token \(token))",
                    rule: group ? "20/min per group or channel" : "60/min per chat (1/s)", limit: group ? 20 : 60, source, amount: source.total)
                add("tg \(token)", "telegram token \(token)", rule: "1800/min per bot token (30/s)", limit: 1800, source, amount: source.total)
            case .discord(let settings):
                let hook = SendBudget.webhookName(settings.webhookURL.value)
                add("dc \(hook)", "discord webhook \(hook)", rule: "150/min per webhook (5 per 2 s)", limit: 150, source, amount: source.total)
                let thread = settings.threadID.map { " thread \($0)" } ?? settings.threadName.map { " forum post '\($0)'" } ?? ""
                var posts = source
                posts.edits = 0
                add(
                    "dc-channel \(hook)\(thread)", "discord channel of webhook \(hook)\(thread)", rule: "30 messages/min per channel", limit: 30,
                    posts, amount: source.results + source.pictures)
            case .console, .webhook:
                return
            }
        }

        private mutating func add(_ key: String, _ destination: String, rule: String, limit: Double, _ source: Source, amount: Double) {
            if byKey[key] == nil {
                byKey[key] = Row(destination: destination, rule: rule, limit: limit, perMinute: 0, sources: [])
                order.append(key)
            }
            byKey[key]!.perMinute += amount
            byKey[key]!.sources.append(source)
        }
    }

    /// The draw period of `config`: `upstream.draw_period`, else the one its `game_type` names
    /// (`RG5M`: 5 minutes, `RG30S`: 30 seconds), in seconds.
    package static func drawPeriod(of config: BotConfig) -> Double? {
        if let period = config.upstream.drawPeriod { return Double(period.milliseconds) / 1000 }
        let name = config.gameType.uppercased()
        guard name.count > 3, let unit = name.last, let count = Double(name.dropFirst(2).dropLast()), count > 0 else { return nil }
        switch unit {
        case "S": return count
        case "M": return count * 60
        case "H": return count * 3600
        default: return nil
        }
    }

    /// A webhook's name in the table: its id (the number after `/webhooks/`), never its token.
    static func webhookName(_ url: String) -> String {
        let parts = url.split(separator: "/")
        if let index = parts.firstIndex(of: "webhooks"), index + 1 < parts.count, parts[index + 1].allSatisfy(\.isNumber) {
            return String(parts[index + 1])
        }
        return "#" + RedisKeys.tokenHash(url)
    }

    /// The table `config check` prints: one line a limit, with a header.
    package var table: String {
        guard !rows.isEmpty else { return "" }
        return "send budget (per minute, from each config's draw period):\n" + rows.map { "  \($0)\n" }.joined()
    }

    /// A problem for each row over its limit, naming the key to change in the sink that sends the
    /// most there: its `board` (the edits), its `trend.every` (the pictures), else `upstream.draw_period`'s
    /// results, which need a chat of their own.
    package var problems: [FileError] {
        rows.filter { $0.use > 1 }.map { row in
            let busiest = row.sources.max { $0.total < $1.total }!
            let key: String, fix: String
            if busiest.edits > 0 {
                key = "sinks[\(busiest.index)].board"
                fix = "drop the board from this sink, or post it to a chat of its own"
            } else if busiest.pictures >= busiest.results / 2 {
                key = "sinks[\(busiest.index)].trend.every"
                fix = "post the picture less often"
            } else if row.sources.count > 1 {
                key = "sinks[\(busiest.index)].\(row.destination.hasPrefix("discord") ? "webhook_url_env" : "chat_id")"
                fix = "give the bots that share it chats (or webhooks) of their own"
            } else {
                key = "upstream.draw_period"
                fix = "a game this fast needs its results split over several chats, or a slower game"
            }
            return FileError(
                .invalidValue, file: busiest.file, key: key,
                "\(row.destination) would get \(Row.number(row.perMinute)) sends a minute, over \(row.rule) (\(Int((row.use * 100).rounded())) %): \(fix)"
            )
        }
    }

    /// A warning for each row above `warnAt` of its limit but not over it.
    package var warnings: [String] {
        rows.filter { $0.use > Self.warnAt && $0.use <= 1 }.map { "\($0.destination) uses \(Int(($0.use * 100).rounded())) % of \($0.rule)" }
    }
}

extension SendBudget {
    /// The line of `key` (`sinks[1].trend.every`) in the YAML file at `path`, or of the deepest
    /// part of it the file has (`sinks[1].trend` when `every` is left at its default).
    static func line(of key: String, inFile path: String) -> Int? {
        guard var tree = try? YAMLTree.load(path: path) else { return nil }
        var line = tree.line
        for part in key.split(separator: ".") {
            let name = String(part.prefix { $0 != "[" })
            guard let entry = (try? tree.entries())?.first(where: { $0.key == name }) else { break }
            tree = entry.value
            line = entry.line ?? line
            if let open = part.firstIndex(of: "["), let index = Int(part[part.index(after: open)...].dropLast()) {
                guard let items = try? tree.sequence(), items.indices.contains(index) else { break }
                tree = items[index]
                line = tree.line ?? line
            }
        }
        return line
    }
}

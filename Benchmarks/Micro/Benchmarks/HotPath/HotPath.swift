// SPDX-License-Identifier: Apache-2.0
import Benchmark
import BotEngine
import BotLocalization
import BotStore
import BotSupport
import Foundation
import Logging

// The work a bot does for each draw it posts, without I/O: decode the snapshot it read from Redis,
// render the message in its locale for each sink's markup, and escape the values a message inserts.
// Inputs are what the fleet sees: a 10-draw game API response in the original shape, wrapped as the
// master writes it, and the shipped Locales/.

/// The repository's root, found from this file's path (Benchmarks/Micro/Benchmarks/HotPath/).
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().path

/// A game API response with `count` draws, newest first, as the simulator serves it.
func gameResponse(count: Int = 10, latest: Int64 = 12_345) -> [UInt8] {
    let values = ["207", "114", "385", "990", "452", "001", "768", "333", "540", "129"]
    let records = (0..<count).map { index -> String in
        let value = values[index % values.count]
        let colors: String
        switch value.last!.wholeNumberValue! {
        case 0: colors = #"["Red","Violet"]"#
        case 5: colors = #"["Green","Violet"]"#
        case let digit where digit % 2 == 1: colors = #"["Green"]"#
        default: colors = #"["Red"]"#
        }
        let issue = latest - Int64(index)
        return #"{"issue":\#(issue),"resultFormatValueI18n":\#(colors),"time":\#(1_764_229_149_000 - Int64(index) * 60_000),"value":"\#(value)"}"#
    }
    return Array(#"{"code":0,"data":{"records":[\#(records.joined(separator: ","))]},"msg":"Succeed"}"#.utf8)
}

/// The snapshot bytes a master writes for `gameResponse()`, with `ttl_ms`, `sequence` and, unless
/// `draws` is false (a master of the original design), the normalised `draws` readers decode.
func snapshotBytes(draws: Bool = true) -> [UInt8] {
    let raw = gameResponse()
    let feed = try! DrawDecoder.decode(raw)
    var snapshot = Snapshot(
        timestamp: 1_764_229_149_123, feed: feed,
        processed: .init(issueNumber: 12_345, colors: "GREEN 🟢", resultFormat: "207", gameType: "RG5M", lastUpdate: 1_764_229_149_123)
    )
    snapshot.ttlMillis = 300_000
    let bytes = snapshot.encoded(includingDraws: draws)
    return Array(bytes.dropLast()) + Array(#","sequence":42}"#.utf8)
}

let timeZones = ["en": "UTC", "vi": "Asia/Ho_Chi_Minh", "ja": "Asia/Tokyo", "id": "Asia/Jakarta", "th": "Asia/Bangkok"]

/// A renderer for each shipped locale, in its bot's zone (UTC for those not in `timeZones`).
func renderers() -> [(String, MessageRenderer)] {
    let logger = Logger(label: "micro", factory: { _ in SwiftLogNoOpLogHandler() })
    return shippedLocaleCodes().map { code in
        let bundle = try! LocaleBundle.load(code: code, directory: repositoryRoot + "/Locales")
        let zone = TimeZone(identifier: timeZones[code] ?? "UTC")!
        return (code, MessageRenderer(bundle: bundle, gameType: "RG5M", timeZone: zone, logger: logger))
    }
}

/// The values one en message inserts into its template.
let messageValues = ["12345", "207", "GREEN 🟢", "08:17:56", "27 Nov 2026", "UTC", "🟢🔴🔴🔴🔴🟢🔴🟢🔴🟢", "GREEN 🟢", "1"]

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        timeUnits: .microseconds,
        warmupIterations: 100,
        maxDuration: .seconds(1),
        maxIterations: 20_000
    )

    // What a reader does with each snapshot it reads: the lean path (the master's `draws`, with
    // `game_data` skipped), and the path of a snapshot of the original design (`game_data` parsed
    // and decoded with the game's mapping).
    let snapshot = snapshotBytes()
    Benchmark("Snapshot decode (10 draws)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try? Snapshot.decode(snapshot))
        }
    }

    let seedSnapshot = snapshotBytes(draws: false)
    Benchmark("Snapshot decode from game_data (10 draws, original design)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try? Snapshot.decode(seedSnapshot))
        }
    }

    let feed = try! Snapshot.decode(snapshot).feed
    let draw = feed.latest!
    let seenAt = Date(timeIntervalSince1970: 1_764_229_149)
    for (code, renderer) in renderers() {
        Benchmark("Render \(code), html (Telegram)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(renderer.render(draw, seenAt: seenAt, format: .html, history: feed.draws))
            }
        }
        if code == "en" {
            for format in [MessageFormat.plain, .markdown] {
                Benchmark("Render en, \(format.rawValue)") { benchmark in
                    for _ in benchmark.scaledIterations {
                        blackHole(renderer.render(draw, seenAt: seenAt, format: format, history: feed.draws))
                    }
                }
            }
        }
    }

    for format in [MessageFormat.html, .markdown] {
        Benchmark("Escape one message's values, \(format.rawValue)") { benchmark in
            for _ in benchmark.scaledIterations {
                for value in messageValues { blackHole(format.escape(value)) }
            }
        }
    }

    let all = renderers()
    Benchmark("Decode + render all \(all.count) locales (one draw, html)") { benchmark in
        for _ in benchmark.scaledIterations {
            let decoded = try? Snapshot.decode(snapshot)
            for (_, renderer) in all {
                blackHole(renderer.render(decoded!.feed.latest!, seenAt: seenAt, format: .html, history: decoded!.feed.draws))
            }
        }
    }

    trendBenchmarks()
    localeLoadBenchmarks()
}

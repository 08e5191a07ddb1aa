// SPDX-License-Identifier: Apache-2.0
import Benchmark
import BotEngine
import BotSupport

/// The trend picture a sink with `trend:` posts every `every` draws: 100 beads with their values,
/// the counts bar and the streaks, drawn with cairo and written as PNG (target: a few ms).
func trendBenchmarks() {
    let values = ["207", "114", "385", "990", "452", "001", "768", "333", "540", "129"]
    let draws = (0..<100).map { index -> Draw in
        let value = values[index % values.count]
        let digit = value.last!.wholeNumberValue!
        let colors = digit == 0 ? ["Red", "Violet"] : digit == 5 ? ["Green", "Violet"] : digit % 2 == 1 ? ["Green"] : ["Red"]
        return Draw(issue: 12_245 + Int64(index), value: value, colors: colors)
    }
    let settings = TrendSettings()
    Benchmark(
        "Trend picture, 100 beads (PNG)",
        configuration: .init(metrics: [.wallClock, .mallocCountTotal], timeUnits: .milliseconds, warmupIterations: 5, maxIterations: 300)
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try? TrendPicture.png(of: draws, settings: settings))
        }
    }
}

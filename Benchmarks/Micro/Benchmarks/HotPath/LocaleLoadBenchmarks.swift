// SPDX-License-Identifier: Apache-2.0
import Benchmark
import BotEngine
import BotLocalization
import Foundation

// What a bot does with its locale at start and on each SIGHUP: read the file (and its fallbacks),
// parse it, check every text and compile its templates (issue 25 item 9: at most 5 ms each), and
// the cost per byte on a large generated file, which must stay flat as the file grows.

/// The codes of the shipped Locales/.
func shippedLocaleCodes() -> [String] {
    (try? LocaleBundle.availableCodes(in: repositoryRoot + "/Locales")) ?? []
}

/// A valid locale text of about `bytes` bytes: the shipped en.yaml with a result message made long
/// by repeating a line that has placeholders and a section.
func largeLocale(bytes: Int) -> String {
    let english = try! String(contentsOfFile: repositoryRoot + "/Locales/en.yaml", encoding: .utf8)
    let line = "Period {{issue}} · {{colors}} {{#streak}}({{streak}}){{/streak}} at {{time}}\\n"
    let message = String(repeating: line, count: max(1, bytes / line.utf8.count))
    let head = english.components(separatedBy: "messages:")[0]
    return head + "messages:\n  result: \"" + message + "\"\n"
}

func localeLoadBenchmarks() {
    let directory = repositoryRoot + "/Locales"
    for code in shippedLocaleCodes() {
        Benchmark("Load and check \(code).yaml") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try? LocaleBundle.load(code: code, directory: directory))
            }
        }
    }
    for kilobytes in [64, 256, 1000] {
        let text = largeLocale(bytes: kilobytes * 1000)
        Benchmark("Load and check a generated \(kilobytes) KB locale", configuration: .init(maxDuration: .seconds(2), maxIterations: 50)) {
            benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try? LocaleBundle.parse(yaml: text, file: "large.yaml", code: "en"))
            }
        }
    }
}

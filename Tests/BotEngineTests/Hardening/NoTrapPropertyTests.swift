// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotSupport
import Foundation
import GameSimulator
import Testing

/// No input makes any decoder or parser trap: the JSON parser, the game API decoder with every
/// mapping, the snapshot decoder, the config loader (upstream mapping included) and the locale
/// loader. Inputs are the committed fuzz corpora mutated with a fixed seed (so a run repeats)
/// toward what broke before: deep nesting, numbers past `Int64` and `Double`, line breaks of
/// every kind, aliases, bytes that are not UTF-8. It runs in a child process, so that a trap
/// fails this test, not the run; the input it was on is left in `lastInputPath.<target>`.
@Suite struct NoTrapPropertyTests {
    static let tokens: [[UInt8]] =
        [
            "[[[[[[[[[[[[[[[[", String(repeating: "[", count: 5000), String(repeating: #"{"a":"#, count: 300), "1e400", "-1e400", "1e300",
            "9223372036854775807", "9223372036854775808", "-9223372036854775809", "99999999999999999999", "0.000000000000000000001", "-0",
            #""\ud800""#, #""\u0000""#, "\"", "\\", "\r", "\r\n", "\n", "\u{85}", "\u{2028}", "# x\r", "*a", "&a ", "? *a : ", "<<: *a\n",
            "[*a, *a]", "!!binary ", "|-\n  ", ">\n  ", "---\n", "{{", "}}", "{{#colors}}", "{{>x}}", ": ", "- ", "\t", "",
            String(repeating: "x", count: 70_000), String(repeating: "\"Green\",", count: 2000),
        ].map { Array($0.utf8) } + [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0x00], [0xEF, 0xBB, 0xBF]]

    static func seeds(_ target: String) -> [[UInt8]] {
        ["Fuzz/Corpus", "Fuzz/Regressions"].flatMap { folder -> [[UInt8]] in
            let directory = "\(RepoPaths.root)/\(folder)/\(target)"
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
            return names.compactMap { FileManager.default.contents(atPath: "\(directory)/\($0)").map { [UInt8]($0) } }
        }
    }

    static func mutate(_ input: [UInt8], seeds: [[UInt8]], _ rng: inout SplitMix64) -> [UInt8] {
        var out = input
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let at = out.isEmpty ? 0 : Int.random(in: 0..<out.count, using: &rng)
            let length = out.isEmpty ? 0 : Int.random(in: 0...min(64, out.count - at), using: &rng)
            switch Int.random(in: 0..<6, using: &rng) {
            case 0 where !out.isEmpty: out[at] = UInt8.random(in: 0...255, using: &rng)
            case 1: out.insert(contentsOf: tokens.randomElement(using: &rng)!, at: at)
            case 2: out.removeSubrange(at..<at + length)
            case 3: out.insert(contentsOf: out[at..<at + length], at: at)
            case 4:
                let other = seeds.randomElement(using: &rng)!
                out = Array(out[..<at]) + other[Int.random(in: 0...other.count, using: &rng)...]
            default:
                // A run of digits becomes an extreme number: durations, issues, times, TTLs.
                if let start = out[at...].firstIndex(where: { (0x30...0x39).contains($0) }) {
                    let end = out[start...].firstIndex { !(0x30...0x39).contains($0) } ?? out.count
                    out.replaceSubrange(
                        start..<end, with: Array(["99999999999999999999", "9223372036854775807", "1e308", "0"].randomElement(using: &rng)!.utf8))
                }
            }
        }
        return out
    }

    static let lastInputPath = NSTemporaryDirectory() + "redgreen-no-trap-last-input"

    /// Runs `rounds` inputs through each path; a broken promise ends the process too.
    static func exercise(rounds: Int) {
        var rng = SplitMix64(seed: 19)
        let paths: [(String, ([UInt8]) -> [FuzzEntryPoints.Outcome])] = [
            (
                "upstream",
                { bytes in
                    _ = try? JSONValue.parse(bytes); return FuzzEntryPoints.upstream(bytes)
                }
            ),
            ("snapshot", FuzzEntryPoints.snapshot),
            ("locale", { [FuzzEntryPoints.locale($0)] }),
            ("config", { FuzzEntryPoints.config($0) + FuzzEntryPoints.localeLineBreaks($0) }),
        ]
        for (target, path) in paths {
            let seeds = seeds(target)
            precondition(!seeds.isEmpty, "no seeds for \(target)")
            for _ in 0..<rounds {
                let input = mutate(seeds.randomElement(using: &rng)!, seeds: seeds, &rng)
                _ = FileManager.default.createFile(atPath: "\(lastInputPath).\(target)", contents: Data(input))
                for case .broken(let why) in path(input) { fatalError("\(target): \(why)") }
            }
        }
    }

    @Test func noInputMakesADecoderOrParserTrap() async {
        // On a failure, the input it was on is in `lastInputPath.<target>` (the newest of them).
        await #expect(processExitsWith: .success) {
            NoTrapPropertyTests.exercise(rounds: 120)
        }
    }
}

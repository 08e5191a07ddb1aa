// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotSupport
import CairoCanvas
import Foundation
import TestHarness
import Testing

/// `redgreen-bot trend`: the picture an operator checks before turning `trend:` on.
@Suite struct TrendCommandTests {
    func config(in dir: String, sinks: String = TestBotConfig.webhook("http://127.0.0.1:9/hook") + "\n    trend: {draws: 30, layout: grid}")
        throws -> String
    {
        var config = TestBotConfig(code: "en", role: "master")
        config.sinks = sinks
        return try config.write(in: dir)
    }

    @Test func itDrawsTheDrawsTheGameAPIReturnsNow() async throws {
        let simulator = try await RunningSimulator.start(window: 10)
        for _ in 0..<10 { _ = simulator.state.publish() }
        let dir = try BotBinary.temporaryDirectory()
        let out = dir + "/trend.png"
        let child = try ChildProcess(
            try BotBinary.require(), ["trend", "--config", try config(in: dir), "--out", out],
            environment: ["REDGREEN_UPSTREAM_URL": simulator.url])
        #expect(await child.waitForExit(timeout: .seconds(60)) == 0, "stderr: \(child.stderr)")
        let draws = simulator.state.draws.map { Draw(issue: $0.issue, value: $0.value, colors: $0.colors) }
        #expect(child.stdout.contains("Wrote \(out): 10 draws (issues \(draws.first!.issue) to \(draws.last!.issue))"), "\(child.stdout)")
        var settings = TrendSettings()
        settings.draws = 30
        settings.layout = .grid
        let layout = TrendLayout(TrendStats(draws, limit: 30), settings: settings)
        let image = try PNGImage(decoding: Array(try Data(contentsOf: URL(fileURLWithPath: out))))
        #expect(image.width == layout.width && image.height == layout.height)
        for bead in layout.beads {
            let pixel = image.pixel(x: Int(bead.x - layout.radius * 0.75), y: Int(bead.y - layout.radius * 0.1))
            #expect(abs(pixel.red - settings.color(named: bead.draw.colors[0]).red) < 0.04, "draw \(bead.draw.issue)")
        }
        await simulator.stop()
    }

    @Test func withSimulateItDrawsASimulatedGameWithoutAskingAnyone() async throws {
        let dir = try BotBinary.temporaryDirectory()
        let out = dir + "/sim.png"
        let child = try ChildProcess(try BotBinary.require(), ["trend", "--config", try config(in: dir, sinks: ""), "--out", out, "--simulate"])
        #expect(await child.waitForExit(timeout: .seconds(60)) == 0, "stderr: \(child.stderr)")
        #expect(child.stdout.contains("Wrote \(out): 100 draws"), "\(child.stdout)")
        #expect(child.stdout.contains("Caption: 📈 Last 100 results, periods"), "\(child.stdout)")
        let image = try PNGImage(decoding: Array(try Data(contentsOf: URL(fileURLWithPath: out))))
        #expect(image.width == TrendLayout(TrendStats([], limit: 100), settings: TrendSettings()).width)
    }

    @Test func aGameAPIThatIsDownIsAClearError() async throws {
        let dir = try BotBinary.temporaryDirectory()
        let child = try ChildProcess(
            try BotBinary.require(), ["trend", "--config", try config(in: dir), "--out", dir + "/x.png"],
            environment: ["REDGREEN_UPSTREAM_URL": "http://127.0.0.1:1/api/draws"])
        #expect(await child.waitForExit(timeout: .seconds(60)) == 1)
        #expect(child.stderr.hasPrefix("redgreen-bot: error: the game API at http://127.0.0.1:1/api/draws gave no draws"), "stderr: \(child.stderr)")
        #expect(!child.stderr.contains("USAGE"), "stderr: \(child.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/x.png"))
    }

    /// A file that cannot be written is one line naming it and the system's reason, exit status 1:
    /// no usage banner (the command line was right) and no `NSCocoaErrorDomain` (issue 27).
    @Test(arguments: ["/dev/full", "directory", "missing/x.png"])
    func anOutputThatCannotBeWrittenIsOneLine(_ where: String) async throws {
        let dir = try BotBinary.temporaryDirectory()
        let out = `where`.hasPrefix("/") ? `where` : dir + "/" + `where`
        if `where` == "directory" { try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) }
        let child = try ChildProcess(try BotBinary.require(), ["trend", "--config", try config(in: dir, sinks: ""), "--out", out, "--simulate"])
        #expect(await child.waitForExit(timeout: .seconds(60)) == 1)
        let reason = ["/dev/full": "No space left on device", "directory": "Is a directory", "missing/x.png": "No such file or directory"][`where`]!
        #expect(child.stderr == "redgreen-bot: error: cannot write \(out): \(reason)\n", "stderr: \(child.stderr)")
        #expect(child.stdout.isEmpty, "stdout: \(child.stdout)")
    }

    /// `--draws` past what can be drawn in the config's rows and bead size is refused before any work.
    @Test func aPictureTooLargeToDrawIsOneLine() async throws {
        let dir = try BotBinary.temporaryDirectory()
        let sinks = TestBotConfig.webhook("http://127.0.0.1:9/hook") + "\n    trend: {draws: 30, rows: 1, bead_size: 40}"
        let child = try ChildProcess(
            try BotBinary.require(),
            ["trend", "--config", try config(in: dir, sinks: sinks), "--out", dir + "/x.png", "--simulate", "--draws", "500"])
        #expect(await child.waitForExit(timeout: .seconds(60)) == 1)
        #expect(
            child.stderr.hasPrefix("redgreen-bot: error: --draws 500: draws: 500 in rows: 1 of bead_size: 40 make a picture of "), "\(child.stderr)")
        #expect(child.stderr.split(separator: "\n").count == 1 && !child.stderr.contains("USAGE"), "\(child.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/x.png"))
    }
}

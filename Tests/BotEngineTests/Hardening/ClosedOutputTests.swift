// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import Foundation
import Testing

/// A console sink whose standard output is gone (the pipe's reader exited) fails its send as a
/// transient sink error, which the worker retries, instead of crashing the bot.
@Suite struct ClosedOutputTests {
    @Test func aClosedPipeIsASinkErrorNotACrash() async throws {
        _ = signal(SIGPIPE, SIG_IGN)  // as the bot runs: its Redis client ignores SIGPIPE
        let pipe = Pipe()
        try pipe.fileHandleForReading.close()
        let sink = ConsoleSink(format: .text, prefix: "[EN]", name: "console-test", output: ConsoleOutput(pipe.fileHandleForWriting))
        let post = Post(locale: "en", draw: Fixtures.draw(1), colorNames: ["red"], text: "draw 1", postedAtMillis: 0)
        do {
            try await sink.send("draw 1", of: post)
            Issue.record("a write to a closed pipe succeeded")
        } catch let error as SinkError {
            #expect(error.kind == .transient)
            #expect(error.message.contains("console-test"))
        }
    }

    @Test func anOpenPipeGetsThePost() async throws {
        let pipe = Pipe()
        let sink = ConsoleSink(format: .text, prefix: "[EN]", name: "console-test", output: ConsoleOutput(pipe.fileHandleForWriting))
        let post = Post(locale: "en", draw: Fixtures.draw(1), colorNames: ["red"], text: "draw 1", postedAtMillis: 0)
        try await sink.send("draw 1", of: post)
        try pipe.fileHandleForWriting.close()
        let written = String(decoding: try pipe.fileHandleForReading.readToEnd() ?? Data(), as: UTF8.self)
        #expect(written == "[EN] draw 1\n\n")
    }
}

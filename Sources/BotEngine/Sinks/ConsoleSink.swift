// SPDX-License-Identifier: Apache-2.0
import Foundation
import Synchronization

/// Writes posts to standard output: as text under the bot's log prefix (a blank line after each),
/// or as one JSON object a line for scripts. Each post is one `write`, so posts of several bots in
/// one process (the demo) never interleave.
package struct ConsoleSink: MessageSink {
    /// `console` unless the config names it.
    package let name: String
    private let jsonLines: Bool
    private let prefix: String
    private let output: ConsoleOutput

    /// A console sink; `prefix` (the locale's log prefix) heads text posts.
    package init(format: ConsoleFormat, prefix: String, name: String = "console", output: ConsoleOutput = .standardOutput) {
        self.name = name
        self.jsonLines = format == .json
        self.prefix = prefix
        self.output = output
    }

    /// A write that fails (standard output closed, a full disk) is a transient failure: the worker
    /// retries it and the ledger keeps the draw unposted, never a crash.
    package func send(_ text: String, of post: Post) async throws {
        let line: String
        if jsonLines {
            line = PostRecord(post).jsonLine() + "\n"
        } else {
            let body = text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n     ")
            line = "\(prefix) \(body)\n\n"
        }
        do {
            try output.write(line)
        } catch {
            throw SinkError(.transient, "\(name): cannot write to standard output: \(error.localizedDescription)")
        }
    }
}

/// A serialized writer to a file descriptor, shared by every console sink of a process.
package final class ConsoleOutput: Sendable {
    private let handle: Mutex<FileHandle>

    /// Standard output.
    package static let standardOutput = ConsoleOutput(FileHandle.standardOutput)

    /// Writes to `handle`.
    package init(_ handle: FileHandle) {
        self.handle = Mutex(handle)
    }

    /// Writes `text` in one call; throws when the descriptor refuses it (a closed pipe, a full disk).
    package func write(_ text: String) throws {
        try handle.withLock { try $0.write(contentsOf: Data(text.utf8)) }
    }

    /// Writes `text` when it can: for what a command prints beside its work (the demo, the
    /// workbench's address), where a closed standard output is no reason to stop.
    package func writeIfOpen(_ text: String) {
        try? write(text)
    }
}

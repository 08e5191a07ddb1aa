// SPDX-License-Identifier: Apache-2.0
import InMemoryLogging
import Logging

/// Keeps every log line of the loggers it makes, in swift-log's `InMemoryLogHandler`, for tests
/// that assert what a bot logged and how often (a condition that repeats every poll is logged
/// once per change). The loggers share one handler's store, so lines keep their order across
/// bots; each line carries its logger's label in the metadata key `log.label`.
package struct LogRecorder: Sendable {
    /// One log line.
    package struct Entry: Sendable, Equatable {
        /// The logger's label (a bot's log prefix).
        package var label: String
        /// The level it was logged at.
        package var level: Logger.Level
        /// The message.
        package var message: String
    }

    static let labelKey = "log.label"
    private let handler: InMemoryLogHandler

    /// An empty recorder.
    package init() {
        var handler = InMemoryLogHandler()
        handler.logLevel = .trace
        self.handler = handler
    }

    /// A logger at `trace` level whose lines this recorder keeps.
    package func logger(label: String) -> Logger {
        var labelled = handler
        labelled.metadata[Self.labelKey] = "\(label)"
        return Logger(label: label) { _ in labelled }
    }

    /// Every line so far, in order.
    package var entries: [Entry] {
        handler.entries.map { entry in
            Entry(label: entry.metadata[Self.labelKey].map { "\($0)" } ?? "", level: entry.level, message: "\(entry.message)")
        }
    }

    /// The lines at `level` or above whose message contains `text`.
    package func entries(atLeast level: Logger.Level, containing text: String) -> [Entry] {
        entries.filter { $0.level >= level && $0.message.contains(text) }
    }
}

import Logging
import Synchronization

/// Keeps every log line of the loggers it makes, for tests that assert what a bot logged and how
/// often (a condition that repeats every poll is logged once per change).
public final class LogRecorder: Sendable {
    /// One log line.
    public struct Entry: Sendable, Equatable {
        /// The logger's label (a bot's log prefix).
        public var label: String
        /// The level it was logged at.
        public var level: Logger.Level
        /// The message.
        public var message: String
    }

    private let state = Mutex<[Entry]>([])

    /// An empty recorder.
    public init() {}

    /// A logger at `trace` level whose lines this recorder keeps.
    public func logger(label: String) -> Logger {
        var logger = Logger(label: label) { label in RecordingLogHandler(label: label, recorder: self) }
        logger.logLevel = .trace
        return logger
    }

    /// Every line so far, in order.
    public var entries: [Entry] { state.withLock { $0 } }

    /// The lines at `level` or above whose message contains `text`.
    public func entries(atLeast level: Logger.Level, containing text: String) -> [Entry] {
        entries.filter { $0.level >= level && $0.message.contains(text) }
    }

    fileprivate func append(_ entry: Entry) { state.withLock { $0.append(entry) } }
}

/// The handler behind `LogRecorder.logger(label:)`.
struct RecordingLogHandler: LogHandler {
    let label: String
    let recorder: LogRecorder
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        recorder.append(LogRecorder.Entry(label: label, level: event.level, message: "\(event.message)"))
    }
}

// SPDX-License-Identifier: Apache-2.0
import Foundation
import Logging
import Synchronization

/// Writes one line an event to standard error, starting with the logger's label, which for a
/// bot is its locale's log prefix: `[VI] Shared data read from Redis successfully (updated 1500ms ago)`.
/// Errors say so after the prefix (other lines read exactly as the original fleet's); metadata is
/// shown in verbose (debug) mode only.
package struct PrefixedLogHandler: LogHandler {
    /// The logger's label, printed first.
    package let label: String
    /// Entries below this level are dropped.
    package var logLevel: Logger.Level
    /// Metadata attached to every entry of this logger.
    package var metadata: Logger.Metadata = [:]

    private static let output = Mutex(FileHandle.standardError)

    /// A handler for `label` at `level`.
    package init(label: String, level: Logger.Level = .info) {
        self.label = label
        self.logLevel = level
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        let prefix = label.hasPrefix("[") ? label : "[\(label)]"
        var line = prefix + " "
        if event.level >= .error { line += "error: " }
        line += "\(event.message)"
        if logLevel <= .debug {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            for (key, value) in merged.sorted(by: { $0.key < $1.key }) { line += " \(key)=\(value)" }
        }
        line += "\n"
        Self.output.withLock { $0.write(Data(line.utf8)) }
    }
}

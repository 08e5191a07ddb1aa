// SPDX-License-Identifier: Apache-2.0
import Logging

/// Logs a recurring condition at `level` when it changes and at debug while it holds, so a bot
/// that polls every two seconds says what changed, not the same line forever.
struct ConditionLog: Sendable {
    private(set) var last: String?

    /// A log whose condition starts as `last` (nil: none yet), so that only a change from it is said.
    init(last: String? = nil) {
        self.last = last
    }

    mutating func report(
        _ condition: String, message: @autoclosure () -> String, level: Logger.Level, force: Bool = false, to logger: Logger
    ) {
        let changed = condition != last
        last = condition
        logger.log(level: changed || force ? level : .debug, "\(message())")
    }
}

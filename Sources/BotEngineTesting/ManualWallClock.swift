// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotSupport
import Synchronization

/// A wall clock that moves only when told.
package final class ManualWallClock: WallClock {
    private let now: Mutex<Int64>

    /// Starts at `millis` since 1970.
    package init(millis: Int64 = 1_740_227_344_593) { now = Mutex(millis) }

    package func nowMillis() -> Int64 { now.withLock { $0 } }

    /// Moves the clock forward.
    package func advance(by duration: Duration) { now.withLock { $0 += duration.milliseconds } }
}

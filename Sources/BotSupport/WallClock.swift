// SPDX-License-Identifier: Apache-2.0
import Foundation

/// Wall-clock time in milliseconds since 1970: what snapshot timestamps are written in.
public protocol WallClock: Sendable {
    /// Now, in milliseconds since 1970.
    func nowMillis() -> Int64
}

/// The system's wall clock.
public struct SystemWallClock: WallClock {
    /// The system clock.
    public init() {}
    public func nowMillis() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }
}

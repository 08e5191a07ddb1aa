// SPDX-License-Identifier: Apache-2.0
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Duration {
    /// This duration as a `struct timeval` for hiredis (negative durations become zero).
    var asTimeval: timeval {
        let (seconds, attoseconds) = components
        guard seconds >= 0, attoseconds >= 0 else { return timeval(tv_sec: 0, tv_usec: 0) }
        return timeval(tv_sec: numericCast(seconds), tv_usec: numericCast(attoseconds / 1_000_000_000_000))
    }

    /// This duration in whole milliseconds (for logs and messages).
    var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}

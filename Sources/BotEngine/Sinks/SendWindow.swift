// SPDX-License-Identifier: Apache-2.0
/// The requests one chat got from a sink in the last minute, by their wall-clock times: whether
/// one more board edit still fits the chat's budget. A pure state machine, driven by the times
/// it is given.
struct SendWindow: Sendable {
    /// The window's length.
    static let millis: Int64 = 60_000
    private var times: [Int64] = []

    /// Notes one request at `now`.
    mutating func record(at now: Int64) {
        forget(before: now)
        times.append(now)
    }

    /// The requests in the minute up to `now`.
    mutating func count(at now: Int64) -> Int {
        forget(before: now)
        return times.count
    }

    private mutating func forget(before now: Int64) {
        if let keep = times.firstIndex(where: { $0 > now - Self.millis }) {
            times.removeFirst(keep)
        } else {
            times.removeAll()
        }
    }
}

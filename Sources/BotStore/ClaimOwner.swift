// SPDX-License-Identifier: Apache-2.0
import Foundation

/// Who holds a claim in the delivery ledger: the process that took it, named by its host, its
/// process id and a random id of its run, so that a restarted bot can tell a claim its own dead
/// predecessor left (resolved at once) from a live twin's (waited out).
package struct ClaimOwner: Sendable, Hashable, CustomStringConvertible {
    /// The host the process runs on (`gethostname`).
    package var host: String
    /// Its process id.
    package var pid: Int32
    /// A random id of its run: a restarted process has a new one, even with the same pid.
    package var run: String

    /// An owner; `host` and `run` must not hold spaces (they are replaced by `_`).
    package init(host: String, pid: Int32, run: String) {
        self.host = Self.word(host)
        self.pid = pid
        self.run = Self.word(run)
    }

    /// This process.
    package static let current = ClaimOwner(host: hostName(), pid: getpid(), run: String(UInt64.random(in: 0...UInt64.max), radix: 36))

    /// The value of a claim this owner holds: `claimed <host> <pid> <run>`.
    package var claimValue: String { "claimed \(host) \(pid) \(run)" }

    /// The owner named by a claim's value; nil for a claim of the earlier design (`claimed`) or
    /// anything else.
    package init?(claimValue: String) {
        let words = claimValue.split(separator: " ", omittingEmptySubsequences: false)
        guard words.count == 4, words[0] == "claimed", let pid = Int32(words[2]), !words[1].isEmpty, !words[3].isEmpty else { return nil }
        self.init(host: String(words[1]), pid: pid, run: String(words[3]))
    }

    package var description: String { "pid \(pid) on \(host), run \(run)" }

    /// Whether a claim held by `holder` was left by a dead earlier run of this bot: another run on
    /// this host whose process is gone, or that had this process's id (a container restarted, its
    /// process 1 again). A live process (a twin on this host) or another host's is not one.
    /// `isAlive` tells whether a process id is running (`kill(pid, 0)`).
    package func isDeadPredecessor(_ holder: ClaimOwner, isAlive: (Int32) -> Bool = ClaimOwner.processIsAlive) -> Bool {
        guard holder.host == host, holder.run != run else { return false }
        return holder.pid == pid || !isAlive(holder.pid)
    }

    /// Whether process `pid` runs on this host (one this process may not signal runs too).
    package static func processIsAlive(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }

    private static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name
    }

    private static func word(_ text: String) -> String {
        String(text.map { $0 == " " || $0.isNewline ? "_" : $0 })
    }
}

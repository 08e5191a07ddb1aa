// SPDX-License-Identifier: Apache-2.0
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The processes tests started (bots, redis-server), killed when the test process ends early:
/// stopped by SIGINT (Ctrl-C), SIGTERM (a CI timeout) or SIGHUP (a closed terminal), or exiting
/// without their owners' clean-up. Without this, such a run leaves them running. A test process
/// killed with SIGKILL still cannot clean up.
///
/// The pids live in a fixed table that the signal handler reads without locking or allocating
/// (`kill` is async-signal-safe); adding and removing take a lock.
enum ChildRegistry {
    static let capacity = 4096
    nonisolated(unsafe) static let table: UnsafeMutablePointer<pid_t> = {
        let table = UnsafeMutablePointer<pid_t>.allocate(capacity: capacity)
        table.initialize(repeating: 0, count: capacity)
        return table
    }()
    private static let lock = NSLock()
    private static let installed: Void = {
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            _ = signal(signalNumber, childRegistrySignalHandler)
        }
        atexit { killRegisteredChildren() }
    }()

    /// Remembers `pid` until ``remove(_:)``.
    static func add(_ pid: pid_t) {
        guard pid > 0 else { return }
        lock.withLock {
            _ = installed
            for index in 0..<capacity where table[index] == 0 {
                table[index] = pid
                return
            }
        }
    }

    /// Forgets `pid` (it was stopped and reaped).
    static func remove(_ pid: pid_t) {
        lock.withLock {
            for index in 0..<capacity where table[index] == pid { table[index] = 0 }
        }
    }
}

/// Sends SIGKILL to every registered process (signal-safe).
private func killRegisteredChildren() {
    for index in 0..<ChildRegistry.capacity {
        let pid = ChildRegistry.table[index]
        if pid > 0 { kill(pid, SIGKILL) }
    }
}

/// Kills the children, then lets the signal do what it would have done.
private func childRegistrySignalHandler(_ signalNumber: Int32) {
    killRegisteredChildren()
    _ = signal(signalNumber, SIG_DFL)
    raise(signalNumber)
}

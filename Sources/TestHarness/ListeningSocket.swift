// SPDX-License-Identifier: Apache-2.0
import Foundation

/// Who listens on a loopback port, from Linux's /proc: a server a test started answers on its port
/// only if it is the process listening there. Another test process can take a port between
/// ``FreePort/next()`` and the server's `bind`; the server then fails to bind and exits, but until
/// it does, the port answers with the other process's server.
enum ListeningSocket {
    /// Whether process `pid` holds the socket listening on TCP 127.0.0.1:`port` (or on any address
    /// at that port). True where /proc cannot tell (not Linux), as before this check existed.
    static func isHeld(by pid: Int32, port: Int) -> Bool {
        guard let table = socketTable() else { return true }
        let inodes = listeningInodes(in: table, port: port)
        guard !inodes.isEmpty else { return false }
        let directory = "/proc/\(pid)/fd"
        guard let descriptors = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return false }
        return descriptors.contains { descriptor in
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "\(directory)/\(descriptor)") else { return false }
            return inodes.contains(target)
        }
    }

    /// The IPv4 socket table, read to its end: `String(contentsOfFile:)` stops after the first
    /// page of a /proc file (some 4 KB, about 25 sockets), and a busy machine has hundreds. Nil
    /// where there is no such file.
    static func socketTable() -> String? {
        guard let file = FileHandle(forReadingAtPath: "/proc/net/tcp") else { return nil }
        defer { try? file.close() }
        return String(decoding: file.readDataToEndOfFile(), as: UTF8.self)
    }

    /// The `socket:[inode]` names of the sockets listening on `port` in a /proc/net/tcp table.
    static func listeningInodes(in table: String, port: Int) -> Set<String> {
        let portHex = String(port, radix: 16, uppercase: true)
        let wanted = String(repeating: "0", count: max(0, 4 - portHex.count)) + portHex
        var inodes: Set<String> = []
        // Columns: sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode …
        for line in table.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count > 9, fields[3] == "0A" else { continue }  // 0A: LISTEN
            guard fields[1].split(separator: ":").last.map(String.init) == wanted else { continue }
            inodes.insert("socket:[\(fields[9])]")
        }
        return inodes
    }
}

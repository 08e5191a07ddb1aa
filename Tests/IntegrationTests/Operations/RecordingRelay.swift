// SPDX-License-Identifier: Apache-2.0
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A TCP relay from a loopback port to another that records every byte it carries, both ways:
/// it stands for the network between a bot's host and the Redis host, so a test can look at what
/// crossed it.
final class RecordingRelay: Sendable {
    /// The port it listens on.
    let port: Int
    private let listener: Int32
    private let captured = Mutex<[UInt8]>([])

    /// Listens on a free loopback port and relays each connection to `127.0.0.1:target`.
    init(to target: Int) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard listener >= 0, bound == 0, listen(listener, 16) == 0 else { throw Failure(what: "cannot listen: errno \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        self.listener = listener
        self.port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in acceptLoop(target: target) }
    }

    struct Failure: Error, CustomStringConvertible {
        var what: String
        var description: String { "relay: \(what)" }
    }

    /// Every byte relayed so far, in both directions.
    var bytes: [UInt8] { captured.withLock { $0 } }

    /// Forgets what was recorded.
    func clear() { captured.withLock { $0.removeAll() } }

    /// Whether `text` crossed the relay, in either direction.
    func carried(_ text: String) -> Bool {
        let needle = Array(text.utf8)
        let haystack = bytes
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { start in haystack[start..<start + needle.count].elementsEqual(needle) }
    }

    /// Stops accepting connections (those open keep going until either side closes).
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func acceptLoop(target: Int) {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 { return }
            let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = Self.loopback(port: target)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else {
                close(client)
                close(upstream)
                continue
            }
            let open = Mutex(2)
            let finish: @Sendable () -> Void = {
                if open.withLock({ count in
                    count -= 1
                    return count == 0
                }) {
                    close(client)
                    close(upstream)
                }
            }
            Thread.detachNewThread { [self] in pump(from: client, to: upstream, finish: finish) }
            Thread.detachNewThread { [self] in pump(from: upstream, to: client, finish: finish) }
        }
    }

    private func pump(from source: Int32, to destination: Int32, finish: @Sendable () -> Void) {
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            captured.withLock { $0.append(contentsOf: buffer[0..<count]) }
            var sent = 0
            while sent < count {
                let written = buffer.withUnsafeBytes { write(destination, $0.baseAddress! + sent, count - sent) }
                if written <= 0 { break }
                sent += written
            }
            if sent < count { break }
        }
        shutdown(destination, Int32(SHUT_WR))
        finish()
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}

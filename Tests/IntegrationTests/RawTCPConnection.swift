// SPDX-License-Identifier: Apache-2.0
import Foundation

/// A plain TCP connection to 127.0.0.1, for tests that speak to a server byte by byte (a
/// half-sent request head, a trickled body) where an HTTP client would not.
final class RawTCPConnection {
    private let fd: Int32

    init(port: Int) throws {
        #if canImport(Glibc)
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard fd >= 0, connected == 0 else { throw CocoaError(.fileReadUnknown) }
    }

    deinit { close(fd) }

    /// Sends `text`; false when the peer has closed the connection.
    @discardableResult
    func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { Foundation.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
    }

    /// What arrives within `milliseconds`: the bytes, an empty array when the peer closed the
    /// connection, nil when nothing came. It waits with short sleeps, never blocking a thread of
    /// the cooperative pool (the server under test may need one).
    func receive(within milliseconds: Int) async -> [UInt8]? {
        let end = ContinuousClock.now + .milliseconds(milliseconds)
        while true {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&poller, 1, 0) > 0 {
                var buffer = [UInt8](repeating: 0, count: 65_536)
                let count = recv(fd, &buffer, buffer.count, 0)
                return count > 0 ? Array(buffer[0..<count]) : []
            }
            guard ContinuousClock.now < end else { return nil }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Reads until the peer closes the connection, for at most `seconds`, sending `trickle`
    /// every 100 ms if given; whether the peer closed it.
    func waitForClose(seconds: Int, whileSending trickle: String? = nil) async -> Bool {
        let end = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < end {
            if let trickle, !send(trickle) { return true }
            if let bytes = await receive(within: 100), bytes.isEmpty { return true }
        }
        return false
    }
}

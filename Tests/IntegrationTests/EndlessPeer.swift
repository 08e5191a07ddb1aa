// SPDX-License-Identifier: Apache-2.0
import Foundation
import Synchronization

/// A hostile peer on a loopback port whose every answer is a 200 with a body that never ends: 64
/// KiB of spaces at a time, for as long as the connection takes them. It writes with blocking
/// sockets on a thread of its own, whose send buffer is small, so what it counts as sent is what
/// the reader took (within the kernel's buffers), not what it queued.
final class EndlessPeer: Sendable {
    let port: Int
    private let listener: Int32
    private let counts = Mutex<(bytes: Int, connections: Int, ended: Int)>((0, 0, 0))

    init() throws {
        #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(fd, address, length) == 0 && listen(fd, 16) == 0 && getsockname(fd, address, &length) == 0
            }
        }
        guard fd >= 0, bound else {
            if fd >= 0 { close(fd) }
            throw CocoaError(.fileWriteUnknown)
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The body bytes the kernel took from it so far, the connections it answered, and how many of
    /// those the reader hung up on.
    var streamed: (bytes: Int, connections: Int, ended: Int) { counts.withLock { $0 } }

    /// Stops accepting connections.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func serve() {
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            counts.withLock { $0.connections += 1 }
            let answer = Thread { [self] in stream(to: connection) }
            answer.start()
        }
    }

    private func stream(to connection: Int32) {
        defer {
            close(connection)
            counts.withLock { $0.ended += 1 }
        }
        var size: Int32 = 64 << 10
        setsockopt(connection, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        var request = [UInt8](repeating: 0, count: 16 << 10)
        guard recv(connection, &request, request.count, 0) > 0 else { return }
        let head = Array("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n".utf8)
        guard head.withUnsafeBytes({ send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == head.count else { return }
        let chunk = [UInt8](repeating: UInt8(ascii: " "), count: 64 << 10)
        while true {
            let sent = chunk.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { return }
            counts.withLock { $0.bytes += sent }
        }
    }
}

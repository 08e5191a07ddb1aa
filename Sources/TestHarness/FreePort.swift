// SPDX-License-Identifier: Apache-2.0
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds TCP ports that are free on the loopback interface.
public enum FreePort {
    /// An error from the socket calls used to find a port.
    public struct Failure: Error, CustomStringConvertible {
        /// What failed, with the errno text.
        public let description: String
    }

    /// Binds 127.0.0.1:0, reads the port the kernel picked, closes the socket and returns it.
    ///
    /// The port is free at that moment; another process could still take it before the caller
    /// binds it, so servers started on it should be ready to retry.
    public static func next() throws -> Int {
        let socket = try bound()
        close(socket.fd)
        return socket.port
    }

    /// A TCP socket bound to 127.0.0.1:0, not listening, and the port the kernel picked: while it
    /// stays open nothing else can take the port and every connection to it is refused. The
    /// caller closes `fd`.
    public static func bound() throws -> (fd: Int32, port: Int) {
        #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw Failure(description: "socket() failed: \(errnoText())") }

        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else {
            let failure = Failure(description: "bind(127.0.0.1:0) failed: \(errnoText())")
            close(fd)
            throw failure
        }

        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                getsockname(fd, $0, &length)
            }
        }
        guard named == 0 else {
            let failure = Failure(description: "getsockname() failed: \(errnoText())")
            close(fd)
            throw failure
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    private static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}

// SPDX-License-Identifier: Apache-2.0
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import TestHarness

/// A loopback TCP port that is bound but not listening while this value lives, so nothing else
/// can take it and every connection attempt to it is refused.
final class ClosedPort {
    let port: Int
    private let socketFD: Int32

    init() throws {
        (socketFD, port) = try FreePort.bound()
    }

    deinit {
        close(socketFD)
    }
}

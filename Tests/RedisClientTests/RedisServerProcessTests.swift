// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

@testable import TestHarness

/// The throwaway servers of the tests are the tests' own: when another test process took the
/// port first, a server started on it is not taken for ready because the port answers.
@Suite struct RedisServerProcessTests {
    @Test func aServerWhosePortAnotherServerHoldsIsNotTakenForReady() throws {
        let first = try RedisServerProcess.start()
        let second = try RedisServerProcess(executable: RedisServerProcess.locateExecutable(), port: first.port)
        // The second cannot bind the first's port and exits; the first answers PING meanwhile,
        // which alone used to pass for the second being ready.
        #expect(throws: RedisServerProcess.Failure.self) { try second.launch() }
        second.stop()
    }

    @Test func theListeningSocketIsFoundInTheServersDescriptorsOnly() throws {
        let server = try RedisServerProcess.start()
        // Hundreds of sockets, as when the whole suite runs: the table is longer than a page.
        let held = try (0..<300).map { _ in try FreePort.bound() }
        for socket in held { listen(socket.fd, 1) }
        defer { for socket in held { close(socket.fd) } }
        let table = try #require(ListeningSocket.socketTable())
        #expect(table.utf8.count > 4096 * 2)
        #expect(!ListeningSocket.listeningInodes(in: table, port: server.port).isEmpty)
        #expect(!ListeningSocket.isHeld(by: getpid(), port: server.port))
    }
}

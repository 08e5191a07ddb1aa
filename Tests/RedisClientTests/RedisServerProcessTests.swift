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
        let table = try String(contentsOfFile: "/proc/net/tcp", encoding: .utf8)
        #expect(!ListeningSocket.listeningInodes(in: table, port: server.port).isEmpty)
        #expect(!ListeningSocket.isHeld(by: getpid(), port: server.port))
    }
}

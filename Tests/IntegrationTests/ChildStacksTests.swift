// SPDX-License-Identifier: Apache-2.0
import Foundation
import TestHarness
import Testing

/// What a fault-suite test prints of a bot that did not stop: every thread's stack.
@Suite struct ChildStacksTests {
    @Test func aRunningChildsThreadsAreShownAndAnEndedOneSaysSo() async throws {
        let child = try ChildProcess("/bin/sleep", ["120"])
        let stacks = child.threadStacks()
        // The thread's line from /proc (whatever gdb may do where it cannot attach).
        let line = stacks.split(separator: "\n").first { $0.hasPrefix("\(child.pid) sleep ") }
        #expect(line?.contains(" waiting in ") == true, "\(stacks)")
        child.signal(SIGKILL)
        _ = await child.waitForExit(timeout: .seconds(60))
        #expect(child.threadStacks() == "(the process has ended)")
    }
}

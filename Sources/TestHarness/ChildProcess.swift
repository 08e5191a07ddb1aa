// SPDX-License-Identifier: Apache-2.0
import Foundation

/// A child process for end-to-end tests, with its output captured to files so that a test can
/// read what it printed while it runs and after it ends.
public final class ChildProcess: @unchecked Sendable {
    private let process = Process()
    /// Where standard output goes.
    public let stdoutPath: String
    /// Where standard error goes.
    public let stderrPath: String

    /// Starts `executable` with `arguments`; `environment` is added to this process's own.
    public init(_ executable: String, _ arguments: [String], environment: [String: String] = [:], directory: String? = nil) throws {
        let base = NSTemporaryDirectory() + "/child-\(UUID().uuidString)"
        stdoutPath = base + ".out"
        stderrPath = base + ".err"
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        ChildRegistry.add(process.processIdentifier)
    }

    /// The process id.
    public var pid: Int32 { process.processIdentifier }
    /// Whether it is still running.
    public var isRunning: Bool { process.isRunning }

    /// What it printed to standard output so far.
    public var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
    /// What it printed to standard error so far.
    public var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    /// Sends `signal` (SIGTERM by default).
    public func signal(_ signal: Int32 = SIGTERM) {
        if process.isRunning { kill(process.processIdentifier, signal) }
    }

    /// How long a test waits for a process to end after a signal. The docs promise a bot stops
    /// within 2 s of SIGTERM on a machine with time to spare; a test waits for the exit itself,
    /// with a deadline no loaded machine reaches, so that only a bot that does not stop fails it.
    public static let stopDeadline: Duration = .seconds(30)

    /// Waits up to `timeout` for the process to end; returns its exit status, or nil if it is
    /// still running.
    public func waitForExit(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now >= deadline { return nil }
            try? await Task.sleep(for: .milliseconds(20))
        }
        ChildRegistry.remove(process.processIdentifier)
        return process.terminationStatus
    }

    /// Every thread of the running process: its id, name, state and where it waits in the kernel
    /// (`/proc`), then every thread's stack as gdb prints them (`thread apply all bt`) where gdb can
    /// attach; for the message of a test whose process did not end.
    public func threadStacks() -> String {
        guard process.isRunning else { return "(the process has ended)" }
        let tasks = "/proc/\(pid)/task"
        let threads = ((try? FileManager.default.contentsOfDirectory(atPath: tasks)) ?? []).sorted().map { tid in
            func read(_ name: String) -> String {
                ((try? String(contentsOfFile: "\(tasks)/\(tid)/\(name)", encoding: .utf8)) ?? "?").trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let state = read("stat").split(separator: ")").last?.split(separator: " ").first.map(String.init) ?? "?"
            return "\(tid) \(read("comm")) \(state) waiting in \(read("wchan"))"
        }
        return threads.joined(separator: "\n") + "\n" + gdbStacks()
    }

    /// `thread apply all bt` of the process by gdb, or why there is none.
    private func gdbStacks() -> String {
        let gdb = "/usr/bin/gdb"
        guard FileManager.default.isExecutableFile(atPath: gdb) else { return "(no \(gdb) for the threads' stacks)" }
        let path = stdoutPath + ".stacks"
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let dump = Process()
        dump.executableURL = URL(fileURLWithPath: gdb)
        dump.arguments = ["-batch", "-p", String(pid), "-ex", "thread apply all bt 24"]
        dump.standardOutput = FileHandle(forWritingAtPath: path)
        dump.standardError = dump.standardOutput
        dump.standardInput = FileHandle.nullDevice
        do { try dump.run() } catch { return "(gdb did not start: \(error))" }
        dump.waitUntilExit()
        return (try? String(contentsOfFile: path, encoding: .utf8)) ?? "(gdb printed nothing)"
    }

    /// Waits up to `timeout` until `condition` holds of the output; returns whether it did.
    public func waitFor(timeout: Duration, _ condition: (ChildProcess) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !condition(self) {
            if ContinuousClock.now >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(25))
        }
        return true
    }

    /// Kills it if it still runs.
    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        ChildRegistry.remove(process.processIdentifier)
    }
}

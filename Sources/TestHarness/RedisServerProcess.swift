// SPDX-License-Identifier: Apache-2.0
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A throwaway `redis-server` on a free loopback port, for tests.
///
/// No persistence (`--save "" --appendonly no`), its own temporary working directory, output
/// captured to a log file whose tail is quoted when start-up fails. The process is killed when
/// the object goes away.
public final class RedisServerProcess: @unchecked Sendable {
    /// Why a server could not be started.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong, including the tail of the server's log when there is one.
        public let description: String
    }

    /// The loopback port the server listens on (kept across ``restart()``).
    public let port: Int

    /// `redis://127.0.0.1:PORT`.
    public var url: String { "redis://127.0.0.1:\(port)" }

    private let executable: URL
    /// Put before the standard ones: a Sentinel's config file (and `--sentinel`).
    private let leadingArguments: [String]
    private let extraArguments: [String]
    private let directory: URL
    private let logFile: URL
    private let lock = NSLock()
    private var process: Process?

    /// Starts /usr/bin/redis-server (or `redis-server` on PATH) on a free loopback port:
    /// `--bind 127.0.0.1 --port P --save "" --appendonly no`, with a temp dir; waits until it
    /// accepts connections (poll with a raw socket PING, up to 10 s); throws a clear error if
    /// redis-server is missing ("install redis-server: apt-get install redis-server").
    ///
    /// `extraArguments` are appended to the command line (e.g. `["--requirepass", "pw"]`) and
    /// reused by ``restart()``. If the server exits at start-up (say, another process took the
    /// port in the meantime) it is retried on a fresh port, up to three times.
    public static func start(extraArguments: [String] = []) throws -> RedisServerProcess {
        try start(executable: locateExecutable(), extraArguments: extraArguments)
    }

    /// Starts a Redis Sentinel the same way, on a free loopback port, with `configuration` (the
    /// lines of its config file, such as `sentinel monitor …`) in a writable file of its own
    /// directory, as Sentinel requires. Runs /usr/bin/redis-sentinel (Debian's redis-sentinel
    /// package), else `redis-server --sentinel`.
    public static func startSentinel(configuration: [String], extraArguments: [String] = []) throws -> RedisServerProcess {
        if let sentinel = try? locateExecutable(named: "redis-sentinel") {
            return try start(executable: sentinel, sentinelConfiguration: configuration, extraArguments: extraArguments)
        }
        return try start(executable: locateExecutable(), sentinelConfiguration: configuration, extraArguments: extraArguments)
    }

    private static func start(
        executable: URL, sentinelConfiguration: [String]? = nil, extraArguments: [String]
    ) throws -> RedisServerProcess {
        var lastFailure: (any Error)?
        for _ in 0..<3 {
            let server = try RedisServerProcess(
                executable: executable, port: FreePort.next(), sentinelConfiguration: sentinelConfiguration, extraArguments: extraArguments
            )
            do {
                try server.launch()
                return server
            } catch {
                server.stop()
                lastFailure = error
            }
        }
        throw lastFailure ?? Failure(description: "redis-server could not be started")
    }

    init(executable: URL, port: Int, sentinelConfiguration: [String]? = nil, extraArguments: [String] = []) throws {
        self.executable = executable
        self.port = port
        self.extraArguments = extraArguments
        self.directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("redis-test-\(port)-\(UUID().uuidString)", isDirectory: true)
        self.logFile = directory.appendingPathComponent("redis-server.log")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if let sentinelConfiguration {
            let file = directory.appendingPathComponent("sentinel.conf")
            try (sentinelConfiguration.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
            let isSentinelBinary = executable.lastPathComponent == "redis-sentinel"
            self.leadingArguments = [file.path] + (isSentinelBinary ? [] : ["--sentinel"])
        } else {
            self.leadingArguments = []
        }
    }

    /// Kills the server (SIGKILL) and waits for it to exit; does nothing if it is not running.
    public func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard let process else { return }
        self.process = nil
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        ChildRegistry.remove(process.processIdentifier)
    }

    /// Starts the server again on the same port with the same arguments and waits until it is ready.
    public func restart() throws {
        stop()
        try launch()
    }

    /// Freezes the server (SIGSTOP): connections stay open but nothing is answered.
    public func pause() {
        signalServer(SIGSTOP)
    }

    /// Lets a paused server run again (SIGCONT).
    public func resume() {
        signalServer(SIGCONT)
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    // MARK: - Internals

    private func signalServer(_ signal: Int32) {
        lock.lock()
        defer { lock.unlock() }
        if let process, process.isRunning {
            kill(process.processIdentifier, signal)
        }
    }

    func launch() throws {
        lock.lock()
        defer { lock.unlock() }
        precondition(process == nil, "redis-server is already running")
        let process = try spawn()
        try waitUntilAnswering(process)
        self.process = process
    }

    /// Starts redis-server on `port`, its output going to the log file.
    private func spawn() throws -> Process {
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let log = try FileHandle(forWritingTo: logFile)
        defer { try? log.close() }

        let process = Process()
        process.executableURL = executable
        process.arguments =
            leadingArguments + [
                "--bind", "127.0.0.1",
                "--port", String(port),
                "--save", "",
                "--appendonly", "no",
                "--dir", directory.path,
            ] + extraArguments
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        do {
            try process.run()
            ChildRegistry.add(process.processIdentifier)
        } catch {
            throw Failure(description: "could not launch \(executable.path): \(error)")
        }
        return process
    }

    /// Waits until `process` answers PING on `port` (a generous minute: a shared machine can stall),
    /// or throws with the log's tail when it exits or the minute is over.
    private func waitUntilAnswering(_ process: Process) throws {
        let deadline = Date().addingTimeInterval(Self.startDeadline)
        while true {
            if !process.isRunning {
                process.waitUntilExit()
                ChildRegistry.remove(process.processIdentifier)
                throw Failure(
                    description: "redis-server exited with status \(process.terminationStatus) before accepting "
                        + "connections on port \(port). Log:\n\(logTail())"
                )
            }
            // Answered by this server, not by another test's that took the port first: this one
            // then fails to bind and exits, and `start` tries a fresh port.
            if Self.answersPing(port: port) && ListeningSocket.isHeld(by: process.processIdentifier, port: port) { return }
            if Date() > deadline {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                ChildRegistry.remove(process.processIdentifier)
                throw Failure(
                    description: "redis-server did not answer PING on port \(port) within \(Int(Self.startDeadline)) s. Log:\n\(logTail())"
                )
            }
            usleep(20_000)
        }
    }

    /// How long a started redis-server may take to answer.
    private static let startDeadline: TimeInterval = 60

    private func logTail() -> String {
        guard let data = FileManager.default.contents(atPath: logFile.path) else { return "(no log)" }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        return lines.suffix(20).joined(separator: "\n")
    }

    static func locateExecutable(named name: String = "redis-server") throws -> URL {
        var candidates = ["/usr/bin/\(name)"]
        if let path = ProcessInfo.processInfo.environment["PATH"] {
            candidates += path.split(separator: ":").map { "\($0)/\(name)" }
        }
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            return URL(fileURLWithPath: candidate)
        }
        throw Failure(
            description: "\(name) not found in /usr/bin or on PATH; "
                + "install it: apt-get install \(name)"
        )
    }

    /// Whether something on 127.0.0.1:`port` answers an inline `PING` with a RESP reply
    /// (`+PONG`, or an error such as `-NOAUTH` when a password is required; not `-LOADING`).
    private static func answersPing(port: Int) -> Bool {
        #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return false }
        defer { close(fd) }

        var timeout = timeval(tv_sec: 0, tv_usec: 500_000)
        let size = socklen_t(MemoryLayout<timeval>.size)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, size)
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, size)

        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { return false }

        let ping = Array("PING\r\n".utf8)
        guard write(fd, ping, ping.count) == ping.count else { return false }
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = read(fd, &buffer, buffer.count)
        guard count > 0 else { return false }
        let reply = String(decoding: buffer[0..<count], as: UTF8.self)
        return (reply.hasPrefix("+") || reply.hasPrefix("-")) && !reply.hasPrefix("-LOADING")
    }
}

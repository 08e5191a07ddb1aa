// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writes a file a command was asked to write (`trend --out`, the demo's `--trend-file`), or its
/// standard output, with an error a person can read: the path and the system's reason (`No space left on device`, `Is a
/// directory`), never Foundation's `NSCocoaErrorDomain` text.
enum OutputFile {
    /// Why a file could not be written: `cannot write <path>: <reason>`.
    struct WriteError: Error, CustomStringConvertible {
        let path: String
        let reason: String
        var description: String { "cannot write \(path): \(reason)" }
    }

    /// Writes `bytes` to `path`, created or truncated. `atomically`: to a temporary file beside it,
    /// renamed over `path` once whole, so that a reader never sees half a file.
    static func write(_ bytes: [UInt8], to path: String, atomically: Bool = false) throws(WriteError) {
        guard atomically else {
            if let reason = writeWhole(bytes, to: path) { throw WriteError(path: path, reason: reason) }
            return
        }
        let temporary = "\(path).tmp-\(getpid())"
        var reason = writeWhole(bytes, to: temporary)
        if reason == nil, rename(temporary, path) != 0 { reason = String(cString: strerror(errno)) }
        if let reason {
            unlink(temporary)
            throw WriteError(path: path, reason: reason)
        }
    }

    /// Writes `text` to standard output. When it cannot be written (`> /dev/full`), prints one
    /// line on standard error and gives exit status 1, where `FileHandle.write` would crash the
    /// command with a backtrace.
    static func standardOutput(_ text: String) throws(ExitCode) {
        guard let reason = writeAll(Array(text.utf8), to: STDOUT_FILENO) else { return }
        FileHandle.standardError.write(Data("redgreen-bot: error: cannot write standard output: \(reason)\n".utf8))
        throw ExitCode(1)
    }

    /// Writes `bytes` to `path`; the system's reason when that failed.
    private static func writeWhole(_ bytes: [UInt8], to path: String) -> String? {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return String(cString: strerror(errno)) }
        if let reason = writeAll(bytes, to: descriptor) {
            close(descriptor)
            return reason
        }
        return close(descriptor) != 0 ? String(cString: strerror(errno)) : nil
    }

    /// Writes all of `bytes` to `descriptor`; the system's reason when that failed.
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> String? {
        var written = 0
        var failure: Int32?
        bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let count = Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                written += count
            }
        }
        return failure.map { String(cString: strerror($0)) }
    }
}

// SPDX-License-Identifier: Apache-2.0
import Foundation

/// Reads a small text file a user names (a config, a locale, a preset, a secret file), with an
/// error that says what is wrong with it in the user's terms.
///
/// Only a regular file is read (a directory, a device such as `/dev/zero` or `/dev/urandom`, a
/// FIFO or a socket is refused by its kind before any byte is read: reading one could block or
/// never end), at most `limit` bytes of it, and it must be UTF-8 (the error names the line of the
/// first byte that is not).
package enum TextFile {
    /// The largest config or locale file read: ours are a few KB.
    package static let defaultLimit = 1 << 20
    /// The largest secret file read (a password, a token).
    package static let secretLimit = 64 << 10

    /// What is wrong with the file at `path`; `FileError` turns it into a message.
    package struct Problem: Error {
        package var message: String
        package var line: Int?
    }

    /// The text of the file at `path`, or a `FileError` (`.unreadable`) naming it.
    package static func contents(path: String, limit: Int = defaultLimit) throws(FileError) -> String {
        do throws(Problem) {
            return try text(path: path, limit: limit)
        } catch {
            throw FileError(.unreadable, file: path, key: "", line: error.line, error.message)
        }
    }

    /// The text of the file at `path`, or what is wrong with it.
    package static func text(path: String, limit: Int = defaultLimit) throws(Problem) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { throw Problem(message: "cannot be read: \(String(cString: strerror(errno)))") }
        let kind = info.st_mode & S_IFMT
        guard kind == S_IFREG else { throw Problem(message: "is \(describe(kind)), not a regular file") }
        guard info.st_size <= limit else {
            throw Problem(message: "is \(info.st_size) bytes; a file read here has at most \(limit) (is it the right file?)")
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw Problem(message: "cannot be read: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: limit + 1)
        var count = 0
        while count <= limit {
            let got = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + count, limit + 1 - count) }
            if got < 0 && errno == EINTR { continue }
            guard got >= 0 else { throw Problem(message: "cannot be read: \(String(cString: strerror(errno)))") }
            if got == 0 { break }
            count += got
        }
        guard count <= limit else { throw Problem(message: "is more than \(limit) bytes; a file read here has at most \(limit)") }
        bytes.removeSubrange(count...)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let (line, offset) = firstInvalidByte(bytes)
            throw Problem(message: "is not UTF-8 text (byte \(offset), on line \(line), is not UTF-8; save the file as UTF-8)", line: line)
        }
        return text
    }

    private static func describe(_ kind: mode_t) -> String {
        switch kind {
        case S_IFDIR: "a directory"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFSOCK: "a socket"
        default: "not a regular file"
        }
    }

    /// The 1-based line and 0-based byte offset of the first byte of `bytes` that is not UTF-8.
    package static func firstInvalidByte(_ bytes: [UInt8]) -> (line: Int, offset: Int) {
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var offset = 0
        var line = 1
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\n" { line += 1 }
                offset += UTF8.width(scalar)
            case .emptyInput:
                return (line, offset)
            case .error:
                return (line, offset)
            }
        }
    }
}

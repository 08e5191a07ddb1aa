// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotLocalization
import BotSupport
import Foundation
import Testing

/// A config, locale or secret file that is not a small UTF-8 regular file is refused by what it
/// is (issue 19, item 12), before any byte is read: `/dev/zero`, `/dev/urandom` or a FIFO was
/// "You don't have permission" (as root), a directory "(NSCocoaErrorDomain error 256.)", a file
/// that is not UTF-8 "The file isn't in the correct format".
@Suite struct UnreadableFileTests {
    static func temporary() throws -> String {
        let path = NSTemporaryDirectory() + "redgreen-files-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func configError(_ path: String) -> FileError? {
        #expect(throws: FileError.self) { try BotConfig.load(path: path, environment: [:]) }
    }

    @Test func devicesAndDirectoriesAreNamedByWhatTheyAre() throws {
        let dir = try Self.temporary()
        for (path, what) in [("/dev/zero", "a character device"), ("/dev/urandom", "a character device"), (dir, "a directory")] {
            let config = Self.configError(path)
            #expect(config?.code == .unreadable)
            #expect(config?.description == "\(path): is \(what), not a regular file")
            let locale = #expect(throws: FileError.self) { try LocaleBundle.load(path: path) }
            #expect(locale?.description == "\(path): is \(what), not a regular file")
        }
    }

    @Test func aFIFOIsRefusedWithoutWaitingForAWriter() throws {
        let fifo = try Self.temporary() + "/vi.yaml"
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(Self.configError(fifo)?.description == "\(fifo): is a FIFO (named pipe), not a regular file")
    }

    @Test func aFileThatIsNotUTF8NamesTheLine() throws {
        let path = try Self.temporary() + "/vi.yaml"
        try Data(Array("locale: vi\nname: caf".utf8) + [0xE9] + Array("\n".utf8)).write(to: URL(fileURLWithPath: path))
        let error = Self.configError(path)
        #expect(error?.line == 2)
        #expect(error?.message == "is not UTF-8 text (byte 20, on line 2, is not UTF-8; save the file as UTF-8)")
    }

    @Test func aFileFarLargerThanAnyConfigIsRefused() throws {
        let path = try Self.temporary() + "/vi.yaml"
        try Data(repeating: 0x23, count: 2 << 20).write(to: URL(fileURLWithPath: path))
        #expect(Self.configError(path)?.message == "is 2097152 bytes; a file read here has at most 1048576 (is it the right file?)")
    }

    @Test func aMissingFileSaysSo() throws {
        let path = try Self.temporary() + "/nothing.yaml"
        #expect(Self.configError(path)?.description == "\(path): cannot be read: No such file or directory")
    }

    @Test func aSecretFileThatIsADeviceIsNamed() throws {
        let yaml = "locale: vi\nrole: reader\nupstream:\n  url: http://127.0.0.1:8080/api\nredis:\n  password_file: /dev/zero\n"
        let error = #expect(throws: FileError.self) { try BotConfig.parse(yaml: yaml, file: "vi.yaml") }
        #expect(error?.message == "cannot read the Redis password from '/dev/zero': it is a character device, not a regular file")
    }
}

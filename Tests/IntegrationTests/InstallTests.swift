import BotEngine
import BotEngineTesting
import Foundation
import TestHarness
import Testing

/// `make install`'s file layout, staged with DESTDIR: the built binary, locales, README, unit
/// and example configs, an existing config never overwritten, and `make uninstall`.
@Suite(.serialized) struct InstallTests {
    /// Runs `make <arguments>` in the repository; its exit status and output.
    static func make(_ arguments: [String]) async throws -> (status: Int32?, output: String) {
        // Not the MAKEFLAGS of a `make test` that runs this test.
        let child = try ChildProcess(
            "/usr/bin/env", ["make", "--no-print-directory", "-C", RepoPaths.root] + arguments, environment: ["MAKEFLAGS": "", "MAKELEVEL": ""])
        let status = await child.waitForExit(timeout: .seconds(60))
        return (status, child.stdout + child.stderr)
    }

    @Test func installFilesStagesAFleetAndKeepsExistingConfigs() async throws {
        let binary = try BotBinary.require()
        let root = try BotBinary.temporaryDirectory()
        let arguments = ["install-files", "DESTDIR=\(root)", "PREFIX=/opt/redgreen", "BIN=\(binary)"]
        let first = try await Self.make(arguments)
        #expect(first.status == 0, "\(first.output)")

        let share = "\(root)/opt/redgreen/share/redgreen-bot"
        let installed = "\(root)/opt/redgreen/bin/redgreen-bot"
        #expect(FileManager.default.isExecutableFile(atPath: installed))
        #expect(FileManager.default.fileExists(atPath: "\(share)/README.md"))
        #expect(FileManager.default.fileExists(atPath: "\(share)/docs/operations.md"))
        #expect(FileManager.default.fileExists(atPath: "\(share)/redis/users.acl"))
        let shippedLocales = try LocaleBundle.availableCodes(in: RepoPaths.locales)
        #expect(try LocaleBundle.availableCodes(in: "\(share)/Locales") == shippedLocales)
        let check = try ChildProcess(installed, ["locales", "check", "--dir", "\(share)/Locales"])
        #expect(await check.waitForExit(timeout: .seconds(30)) == 0, "\(check.stdout)\(check.stderr)")

        let unit = try String(contentsOfFile: "\(root)/etc/systemd/system/redgreen-bot@.service", encoding: .utf8)
        #expect(unit.contains("\nExecStart=/opt/redgreen/bin/redgreen-bot run --config /etc/redgreen-bot/%i.yaml\n"), "\(unit)")
        #expect(unit.contains("\nWorkingDirectory=/opt/redgreen/share/redgreen-bot\n"))
        #expect(unit.contains("\nEnvironmentFile=-/etc/redgreen-bot/%i.env\n"))
        #expect(unit.contains("\nExecReload=/bin/kill -HUP $MAINPID\n"))
        #expect(unit.contains("\nLimitNOFILE=16384\n"), "the metrics listener's connections must never exhaust the descriptors")
        #expect(!unit.contains("/usr/local"))

        // Each example config loads, and its locales_dir resolves in the unit's working directory.
        let etc = "\(root)/etc/redgreen-bot"
        let configs = try FileManager.default.contentsOfDirectory(atPath: RepoPaths.config).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(!configs.isEmpty)
        for name in configs {
            let config = try BotConfig.load(path: "\(etc)/\(name)", environment: [:])
            _ = try LocaleBundle.load(code: config.locale, directory: "\(share)/\(config.localesDirectory)")
        }
        #expect(FileManager.default.fileExists(atPath: "\(etc)/presets/list.yaml"))

        // An edited config survives a second install; a missing one is put back.
        let edited = "\(etc)/vi.yaml"
        try "# mine\n".appending(try String(contentsOfFile: edited, encoding: .utf8)).write(toFile: edited, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: "\(etc)/ja.yaml")
        let second = try await Self.make(arguments)
        #expect(second.status == 0, "\(second.output)")
        #expect(try String(contentsOfFile: edited, encoding: .utf8).hasPrefix("# mine\n"))
        #expect(second.output.contains("Keeping \(edited)"))
        #expect(second.output.contains("Installed \(etc)/ja.yaml"))

        let removed = try await Self.make(["uninstall", "DESTDIR=\(root)", "PREFIX=/opt/redgreen"])
        #expect(removed.status == 0, "\(removed.output)")
        #expect(!FileManager.default.fileExists(atPath: installed))
        #expect(!FileManager.default.fileExists(atPath: share))
        #expect(FileManager.default.fileExists(atPath: edited))
    }

    @Test func installFilesWithoutABinarySaysWhatIsMissing() async throws {
        let root = try BotBinary.temporaryDirectory()
        let result = try await Self.make(["install-files", "DESTDIR=\(root)", "BIN=\(root)/nothing"])
        #expect(result.status != 0)
        #expect(result.output.contains("is not an executable (make install builds one)"), "\(result.output)")
    }
}

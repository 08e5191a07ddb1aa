// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import Foundation
import TestHarness
import Testing

/// `make deb-package` (what `make deb` runs after its release build) with the debug binary: the
/// package's fields and files, lintian, and an install into a scratch root with dpkg.
@Suite(.serialized) struct DebPackageTests {
    static let arch = "amd64"

    @Test func thePackageHoldsTheFleetsFilesPassesLintianAndInstallsIntoAScratchRoot() async throws {
        let binary = try BotBinary.require()
        let lintian = try DebianTool.require("lintian", package: "lintian")
        _ = try DebianTool.require("dpkg-shlibdeps", package: "dpkg-dev")
        let work = try BotBinary.temporaryDirectory()
        let built = try await InstallTests.make([
            "deb-package", "BIN=\(binary)", "DEB_STAGE=\(work)/stage", "DEB_OUT=\(work)/out", "DEB_COMPRESS=gzip",
        ])
        #expect(built.status == 0, "\(built.output)")
        let deb = "\(work)/out/redgreen-bot_\(BotAssembly.version)_\(Self.arch).deb"
        #expect(FileManager.default.fileExists(atPath: deb), "\(built.output)")

        let info = try await Self.run("/usr/bin/dpkg-deb", ["--field", deb])
        #expect(info.contains("Package: redgreen-bot\n"), "\(info)")
        #expect(info.contains("Version: \(BotAssembly.version)\n"))
        #expect(info.contains("Architecture: \(Self.arch)\n"))
        #expect(info.contains("libhiredis") && info.contains("libcurl"), "Depends misses the C libraries: \(info)")

        let listing = try await Self.run("/usr/bin/dpkg-deb", ["--contents", deb])
        let files = Set(listing.split(separator: "\n").compactMap { $0.split(separator: " ").last.map { String($0.dropFirst()) } })
        let expected = [
            "/usr/bin/redgreen-bot", "/lib/systemd/system/redgreen-bot@.service", "/usr/share/redgreen-bot/Locales/en.yaml",
            "/usr/share/redgreen-bot/Locales/vi.yaml", "/etc/redgreen-bot/vi.yaml", "/etc/redgreen-bot/presets/list.yaml",
            "/usr/share/redgreen-bot/prometheus/alerts.yml", "/usr/share/redgreen-bot/grafana/redgreen-fleet.json",
            "/usr/share/redgreen-bot/stunnel/redgreen-redis.conf", "/usr/share/redgreen-bot/redis/users.acl",
            "/usr/share/redgreen-bot/README.md", "/usr/share/redgreen-bot/docs/operations.md", "/usr/share/doc/redgreen-bot/copyright",
            "/usr/share/doc/redgreen-bot/changelog.gz",
            "/usr/share/man/man1/redgreen-bot.1.gz", "/usr/share/bash-completion/completions/redgreen-bot",
            "/usr/share/zsh/vendor-completions/_redgreen-bot", "/usr/share/fish/vendor_completions.d/redgreen-bot.fish",
        ]
        #expect(expected.filter { !files.contains($0) }.isEmpty, "not in the package: \(expected.filter { !files.contains($0) })")
        #expect(!files.contains { $0.hasPrefix("/usr/local") }, "files under /usr/local")

        let control = try BotBinary.temporaryDirectory()
        _ = try await Self.run("/usr/bin/dpkg-deb", ["--control", deb, control])
        let conffiles = try String(contentsOfFile: "\(control)/conffiles", encoding: .utf8).split(separator: "\n").map(String.init)
        let configs = try FileManager.default.contentsOfDirectory(atPath: RepoPaths.config).filter { $0.hasSuffix(".yaml") }
        #expect(Set(conffiles).isSuperset(of: configs.map { "/etc/redgreen-bot/\($0)" }), "\(conffiles)")
        #expect(conffiles.allSatisfy { $0.hasPrefix("/etc/redgreen-bot/") })

        // lintian: no errors. One is the debug build's own: it finds the toolchain's Swift runtime by
        // RUNPATH, where make deb's release build links it in (--static-swift-stdlib) and is linted in full.
        let lint = try ChildProcess(
            lintian, ["--fail-on", "error", "--tag-display-limit", "0", "--suppress-tags", "custom-library-search-path", deb])
        #expect(await lint.waitForExit(timeout: .seconds(600)) == 0, "lintian: \(lint.stdout)\(lint.stderr)")
        #expect(!lint.stdout.contains("E: "), "\(lint.stdout)")

        // dpkg installs it into a scratch root; the installed bot works from there; removing it keeps the configs.
        let root = try BotBinary.temporaryDirectory()
        for dir in ["var/lib/dpkg/info", "var/lib/dpkg/updates", "var/log"] {
            try FileManager.default.createDirectory(atPath: "\(root)/\(dir)", withIntermediateDirectories: true)
        }
        _ = FileManager.default.createFile(atPath: "\(root)/var/lib/dpkg/status", contents: nil)
        let dpkg = ["--root=\(root)", "--log=\(root)/var/log/dpkg.log", "--force-depends"]
        let installed = try await Self.run("/usr/bin/dpkg", dpkg + ["--install", deb])
        #expect(installed.contains("Setting up redgreen-bot (\(BotAssembly.version))"), "\(installed)")
        let bot = "\(root)/usr/bin/redgreen-bot"
        #expect(try await Self.run(bot, ["--version"]) == "\(BotAssembly.version)\n")
        let share = "\(root)/usr/share/redgreen-bot"
        let check = try ChildProcess(bot, ["config", "check", "--config", "\(root)/etc/redgreen-bot/vi.yaml"], directory: share)
        #expect(await check.waitForExit(timeout: .seconds(30)) == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stderr.contains("no problems (vi, reader)"), "\(check.stderr)")

        _ = try await Self.run("/usr/bin/dpkg", dpkg + ["--remove", "redgreen-bot"])
        #expect(!FileManager.default.fileExists(atPath: bot))
        #expect(FileManager.default.fileExists(atPath: "\(root)/etc/redgreen-bot/vi.yaml"), "dpkg --remove took a conffile")
    }

    /// Runs `executable` to its end; its standard output, or a thrown error with both outputs.
    static func run(_ executable: String, _ arguments: [String]) async throws -> String {
        let child = try ChildProcess(executable, arguments)
        let status = await child.waitForExit(timeout: .seconds(120))
        guard status == 0 else { throw Failed(command: ([executable] + arguments).joined(separator: " "), output: child.stdout + child.stderr) }
        return child.stdout
    }

    struct Failed: Error, CustomStringConvertible {
        var command: String
        var output: String
        var description: String { "\(command) failed: \(output)" }
    }
}

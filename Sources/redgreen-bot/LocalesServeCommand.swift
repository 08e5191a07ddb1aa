// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import BotEngine
import BotLocalization
import Foundation
import LocaleWorkbench
import Logging
import ServiceLifecycle

/// `redgreen-bot locales serve`: the translator's workbench, a local web page of every message of
/// every locale as Telegram and Discord show it, with the check's problems; it reloads when a
/// file is saved.
struct LocalesServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a local page that shows every message of every locale as the chats would, with the check's problems.",
        discussion: """
            Every message (result, trend caption, live board) of every locale in --dir is rendered for sample draws (each colour \
            and two-colour result, runs that reach every plural form) in Telegram's HTML and Discord's Markdown, right to left \
            where the locale says so, with the problems `locales check` finds beside the message they concern. The page asks \
            /version every second and reloads when a locale or config file changes; a file that does not load shows its error. \
            Listens on 127.0.0.1 unless --host names another address.
            """
    )

    @Option(help: "Directory of locale files.") var dir = "Locales"
    @Option(help: "The locale every other one is checked against.") var reference = "en"
    @Option(help: "Directory of bot configs, for each locale's time zone (<config-dir>/<code>.yaml).") var configDir = "Config"
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") var port = 8089
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        try logging.bootstrap(default: .info)
        let logger = Logger(label: "[WORKBENCH]")
        var options = WorkbenchServer.Options()
        options.directory = dir
        options.configDirectory = configDir
        options.reference = reference
        options.host = host
        options.port = port
        let (dir, configDir) = (dir, configDir)
        let zones: @Sendable () -> [String: TimeZone] = {
            let codes = (try? LocaleBundle.availableCodes(in: dir)) ?? []
            // A config that does not load leaves its locale in UTC; `config check` is where it is reported.
            return codes.reduce(into: [:]) { zones, code in
                if let zone = try? DemoFleet.timeZones(codes: [code], configDir: configDir)[code] { zones[code] = zone }
            }
        }
        let server = WorkbenchServer(options: options, logger: logger, zones: zones) { [host] port in
            let shown = host.contains(":") ? "[\(host)]" : host
            ConsoleOutput.standardOutput.writeIfOpen("Workbench on http://\(shown):\(port)/ (locales in \(dir)); Ctrl-C stops.\n")
        }
        let group = ServiceGroup(configuration: .init(services: [server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotSupport
import Foundation
import GameSimulator
import Hummingbird
import Logging
import ServiceLifecycle

/// `redgreen-bot locales serve`: a local web page for translators that shows every message of
/// every locale as the chats would, with the check's problems, and reloads when a file is saved.
///
/// - `GET /`: the page, built from the files as they are now;
/// - `GET /version`: a fingerprint of the locale and config files (names, sizes, modification
///   times), which the page polls to reload itself;
/// - `GET /trend.png`: the trend picture of 100 simulated draws.
package struct WorkbenchServer: Service {
    /// What the workbench shows and where it listens.
    package struct Options: Sendable {
        /// The locale files' directory.
        package var directory = "Locales"
        /// The directory of bot configs, for each locale's time zone (`<code>.yaml`), or nil.
        package var configDirectory: String? = "Config"
        /// The locale every other one is checked against.
        package var reference = "en"
        /// Address to listen on: loopback unless the operator names another.
        package var host = "127.0.0.1"
        /// Port; 0 picks a free one.
        package var port = 8089

        /// Defaults: `Locales`, `Config`, reference `en`, 127.0.0.1:8089.
        package init() {}
    }

    private let options: Options
    private let logger: Logger
    private let zones: @Sendable () -> [String: TimeZone]
    private let onListening: @Sendable (Int) async -> Void

    /// A workbench; `zones` gives each locale's time zone (asked on every page), `onListening`
    /// the bound port once it accepts connections.
    package init(
        options: Options, logger: Logger, zones: @escaping @Sendable () -> [String: TimeZone] = { [:] },
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) {
        self.options = options
        self.logger = logger
        self.zones = zones
        self.onListening = onListening
    }

    package func run() async throws {
        let app = Application(
            router: router(),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: nil),
            onServerRunning: { [onListening, options] channel in await onListening(channel.localAddress?.port ?? options.port) },
            logger: logger
        )
        try await app.run()
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        let options = self.options
        let zones = self.zones
        router.get("/") { _, _ -> Response in
            let version = Self.version(options)
            let locales = WorkbenchLocales.load(directory: options.directory, reference: options.reference, zones: zones(), now: Date())
            return text(WorkbenchPage.html(locales, version: version), type: "text/html; charset=utf-8")
        }
        router.get("/version") { _, _ -> Response in
            text(Self.version(options), type: "text/plain; charset=utf-8")
        }
        router.get("/trend.png") { _, _ -> Response in
            let png = try TrendPicture.png(of: Self.sampleDraws, settings: TrendSettings())
            return Response(
                status: .ok, headers: [.contentType: "image/png", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: png)))
        }
        return router
    }

    /// The names, sizes and modification times of the files the page is made from.
    static func version(_ options: Options) -> String {
        var parts: [String] = []
        for directory in [options.directory, options.configDirectory].compactMap({ $0 }) {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for name in names.sorted() where name.hasSuffix(".yaml") {
                let path = (directory as NSString).appendingPathComponent(name)
                let attributes = try? FileManager.default.attributesOfItem(atPath: path)
                let size = (attributes?[.size] as? NSNumber)?.int64Value ?? -1
                let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
                parts.append("\(path):\(size):\(Int64(modified * 1000))")
            }
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in parts.joined(separator: "\n").utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }

    /// 100 draws of the simulated game, for the trend picture.
    static let sampleDraws: [Draw] = {
        let state = SimulatorState(window: 100, seed: 42)
        for _ in 0..<100 { _ = state.publish() }
        return state.draws.map { Draw(issue: $0.issue, value: $0.value, colors: $0.colors) }
    }()
}

extension WorkbenchServer: CustomStringConvertible {
    /// `WorkbenchServer(host:port)`, for service logs.
    package var description: String { "WorkbenchServer(\(options.host):\(options.port))" }
}

private func text(_ body: String, type: String) -> Response {
    Response(
        status: .ok, headers: [.contentType: type, .cacheControl: "no-store"],
        body: .init(byteBuffer: ByteBuffer(string: body)))
}

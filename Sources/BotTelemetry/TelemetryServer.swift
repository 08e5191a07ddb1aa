import BotEngine
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle

/// The bot's operations endpoint over HTTP (Hummingbird):
///
/// - `GET /metrics`: every metric in the Prometheus text format, `redgreen_ready` as of the scrape;
/// - `GET /healthz`: 200 `ok` while the process is alive;
/// - `GET /readyz`: 200 when the bot is doing its job (a fresh snapshot read, a master write or a
///   working fallback recently enough), 503 otherwise, with a one-line reason.
public struct TelemetryServer: Service {
    private let address: ListenAddress
    private let registry: PrometheusCollectorRegistry
    private let readiness: @Sendable () -> Readiness
    private let logger: Logger
    private let onListening: @Sendable (Int) async -> Void

    /// Serves `registry`'s metrics and `readiness` on `address`; `onListening` gets the bound port.
    public init(
        address: ListenAddress, registry: PrometheusCollectorRegistry, readiness: @escaping @Sendable () -> Readiness, logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) {
        self.address = address
        self.registry = registry
        self.readiness = readiness
        self.logger = logger
        self.onListening = onListening
    }

    public func run() async throws {
        let app = Application(
            router: Self.router(registry: registry, readiness: readiness),
            configuration: .init(address: .hostname(address.host, port: address.port), serverName: nil),
            onServerRunning: { [onListening, address] channel in await onListening(channel.localAddress?.port ?? address.port) },
            logger: logger
        )
        do {
            try await app.run()
        } catch is CancellationError {
            return
        } catch {
            throw TelemetryServerError(message: "metrics.listen \(address): cannot serve /metrics there: \(error)")
        }
    }

    /// The media type of the Prometheus text format.
    public static let metricsContentType = "text/plain; version=0.0.4; charset=utf-8"

    static func router(registry: PrometheusCollectorRegistry, readiness: @escaping @Sendable () -> Readiness) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/metrics") { _, _ -> Response in
            // Readiness is decided when asked: asking sets the `redgreen_ready` gauge for this scrape.
            _ = readiness()
            return Response(
                status: .ok, headers: [.contentType: metricsContentType],
                body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer()))
            )
        }
        router.get("/healthz") { _, _ -> Response in text(.ok, "ok") }
        router.get("/readyz") { _, _ -> Response in
            let verdict = readiness()
            return text(verdict.isReady ? .ok : .serviceUnavailable, verdict.reason)
        }
        return router
    }

    private static func text(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: body + "\n"))
        )
    }
}

extension TelemetryServer: CustomStringConvertible {
    /// `TelemetryServer(127.0.0.1:9464)`, for service logs.
    public var description: String { "TelemetryServer(\(address))" }
}

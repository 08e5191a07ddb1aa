// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotSupport
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle

/// The bot's operations endpoint over HTTP (Hummingbird):
///
/// - `GET /metrics`: every metric in the Prometheus text format, `redgreen_ready` as of the scrape;
/// - `GET /healthz`: 200 `ok` while the process is alive;
/// - `GET /readyz`: 200 when the bot is doing its job (a fresh snapshot read, a master write or a
///   working fallback recently enough), 503 otherwise, with a one-line reason;
/// - `GET /snapshot`: the lease holder's latest snapshot, for readers while Redis is down
///   (`SnapshotEndpoint`: `ETag`, 304, long poll, optional bearer token).
///
/// Whoever can reach the port is not trusted with the bot's file descriptors: connections are
/// capped (`Limits`; more wait in the kernel's backlog, unaccepted), a connection idle for the
/// idle timeout is closed (one whose request head is still coming too: a slowloris), and so is
/// one whose request is not read whole within the request timeout of its head.
package struct TelemetryServer: Service {
    /// What one client may take of the server.
    package struct Limits: Sendable {
        /// The most connections open at once.
        package var maxConnections = 32
        /// A connection with nothing read or written for this long is closed; a request head must
        /// arrive whole within it.
        package var idleTimeout: Duration = .seconds(10)
        /// A request must be read whole within this long of its head.
        package var requestTimeout: Duration = .seconds(10)
        /// Connections waiting to be accepted, in the kernel.
        package var backlog = 64
        /// The longest a long poll of `/snapshot` waits (`?wait=` is capped at it).
        package var longPollWait: Duration = .seconds(25)

        /// The defaults: 32 connections, 10 s idle and request timeouts.
        package init() {}
    }

    private let address: ListenAddress
    private let limits: Limits
    private let registry: PrometheusCollectorRegistry
    private let readiness: @Sendable () -> Readiness
    private let logger: Logger
    private let onListening: @Sendable (Int) async -> Void
    private let snapshots: SnapshotEndpoint

    /// Serves `registry`'s metrics and `readiness` on `address`, and `snapshots` (a master's; nil
    /// for a reader) guarded by `peerToken`; `onListening` gets the bound port.
    package init(
        address: ListenAddress, registry: PrometheusCollectorRegistry, readiness: @escaping @Sendable () -> Readiness, logger: Logger,
        limits: Limits = Limits(), snapshots: ServedSnapshot? = nil, peerToken: Secret? = nil,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) {
        self.snapshots = SnapshotEndpoint(served: snapshots, token: peerToken, maxWait: limits.longPollWait)
        self.address = address
        self.limits = limits
        self.registry = registry
        self.readiness = readiness
        self.logger = logger
        self.onListening = onListening
    }

    /// Serves until cancelled or shut down gracefully. The server is HummingbirdCore's without
    /// Hummingbird's `Application`, whose date cache wakes the process every second (`HTTPDate`).
    package func run() async throws {
        let responder = Self.router(registry: registry, readiness: readiness, snapshots: snapshots).buildResponder()
        let logger = self.logger
        do {
            let server = try HTTPServerBuilder.http1(
                configuration: .init(
                    additionalChannelHandlers: [RequestDeadlineHandler(timeout: TimeAmount(limits.requestTimeout))],
                    idleTimeout: TimeAmount(limits.idleTimeout))
            ).buildServer(
                configuration: ServerConfiguration(
                    address: .hostname(address.host, port: address.port), serverName: nil, backlog: limits.backlog,
                    availableConnectionsDelegate: MaximumAvailableConnections(limits.maxConnections, logger: logger)),
                eventLoopGroup: NIOSingletons.posixEventLoopGroup, logger: logger,
                responder: { request, writer, channel in
                    var response: Response
                    let context = BasicRequestContext(source: .init(channel: channel, logger: logger))
                    do {
                        response = try await responder.respond(to: request, context: context)
                    } catch {
                        logger.debug("Unanswered request to the metrics endpoint: \(error)")
                        response = Response(status: .internalServerError)
                    }
                    response.headers[.date] = HTTPDate.now()
                    try await writer.write(response: response.head, body: response.body)
                },
                onServerRunning: { [onListening, address] channel in await onListening(channel.localAddress?.port ?? address.port) })
            // Waiting long polls are answered at once, so that they do not hold the stop up.
            try await withGracefulShutdownHandler {
                try await server.run()
            } onGracefulShutdown: { [snapshots] in
                snapshots.served?.stopWaiting()
            }
        } catch is CancellationError {
            return
        } catch {
            throw TelemetryServerError(message: "metrics.listen \(address): cannot serve /metrics there: \(error)")
        }
    }

    /// The media type of the Prometheus text format.
    package static let metricsContentType = "text/plain; version=0.0.4; charset=utf-8"

    static func router(
        registry: PrometheusCollectorRegistry, readiness: @escaping @Sendable () -> Readiness,
        snapshots: SnapshotEndpoint = .init(served: nil, token: nil, maxWait: .zero)
    ) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/snapshot") { request, _ -> Response in await snapshots.respond(to: request) }
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

    static func text(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: body + "\n"))
        )
    }
}

extension TelemetryServer: CustomStringConvertible {
    /// `TelemetryServer(127.0.0.1:9464)`, for service logs.
    package var description: String { "TelemetryServer(\(address))" }
}

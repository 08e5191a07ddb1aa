// SPDX-License-Identifier: Apache-2.0
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// What `/hold` has done: taken a request (and is holding it), answered it.
final class HoldState: Sendable {
    static let shared = HoldState()
    private let state = Mutex((arrived: false, answered: false))
    var arrived: Bool { state.withLock { $0.arrived } }
    var answered: Bool { state.withLock { $0.answered } }
    func arrive() { state.withLock { $0.arrived = true } }
    func answer() { state.withLock { $0.answered = true } }
}

/// What `/echo` saw of a request.
struct EchoReply: ResponseCodable {
    var method: String
    var path: String
    var query: String?
    /// `[name, value]` pairs, names lower-cased, in the order received.
    var headers: [[String]]
    var body: [UInt8]
    /// The client's TCP port: equal across requests means the same connection was reused.
    var clientPort: Int

    /// The values of header `name` (lower case), in order.
    func values(_ name: String) -> [String] {
        headers.filter { $0.first == name }.map { $0.count > 1 ? $0[1] : "" }
    }
}

/// Request context that remembers which connection a request came in on.
struct TestServerContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let clientPort: Int

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientPort = source.channel.remoteAddress?.port ?? -1
    }
}

/// A Hummingbird 2 server on 127.0.0.1 and an OS-chosen port, run in-process for one test.
enum TestServer {
    /// `"hello hello hello hello\n"` gzip-compressed (served by `/gzip`).
    static let gzipHello: [UInt8] = [
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xcb, 0x48, 0xcd, 0xc9, 0xc9,
        0x57, 0xc8, 0x40, 0x27, 0xb9, 0x00, 0x00, 0x88, 0x59, 0x0b, 0x18, 0x00, 0x00, 0x00,
    ]

    struct StartFailed: Error {}

    /// Starts the server, runs `body` with its port, then stops the server.
    static func with<T>(_ body: (Int) async throws -> T) async throws -> T {
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "CurlHTTPTests.server")
        logger.logLevel = .critical
        let app = Application(
            router: makeRouter(),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                portSink.yield(channel.localAddress?.port ?? -1)
                portSink.finish()
            },
            logger: logger
        )
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { portSink.finish() }
                try await app.run()
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0 else {
                group.cancelAll()
                throw StartFailed()
            }
            do {
                let result = try await body(port)
                group.cancelAll()
                return result
            } catch {
                group.cancelAll()
                throw error
            }
        }
    }

    private static func makeRouter() -> Router<TestServerContext> {
        let router = Router(context: TestServerContext.self)
        let echo: @Sendable (Request, TestServerContext) async throws -> EchoReply = { request, context in
            let body = try await request.body.collect(upTo: 16 << 20)
            return EchoReply(
                method: request.method.rawValue,
                path: request.uri.path,
                query: request.uri.query,
                headers: request.headers.map { [$0.name.canonicalName, $0.value] },
                body: Array(body.readableBytesView),
                clientPort: context.clientPort
            )
        }
        router.get("/echo", use: echo)
        router.post("/echo", use: echo)
        router.get("/status/500") { _, _ in
            Response(status: .internalServerError, body: .init(byteBuffer: ByteBuffer(string: "boom")))
        }
        router.get("/status/429") { _, _ in
            Response(status: .tooManyRequests, headers: [.retryAfter: "7"], body: .init(byteBuffer: ByteBuffer(string: "slow down")))
        }
        router.get("/slow") { request, _ -> String in
            let millis = request.uri.queryParameters.get("ms", as: Int.self) ?? 5_000
            try await Task.sleep(for: .milliseconds(millis))
            return "finally"
        }
        // Says it has the request, holds it `ms`, says it answers, answers (one test's).
        router.get("/hold") { request, _ -> String in
            HoldState.shared.arrive()
            try await Task.sleep(for: .milliseconds(request.uri.queryParameters.get("ms", as: Int.self) ?? 1_000))
            HoldState.shared.answer()
            return "held"
        }
        router.get("/large") { request, _ -> Response in
            let count = request.uri.queryParameters.get("bytes", as: Int.self) ?? 0
            let bytes = ByteBuffer(repeating: UInt8(ascii: "x"), count: count)
            if request.uri.queryParameters.get("chunked") == nil {
                return Response(status: .ok, body: .init(byteBuffer: bytes))
            }
            // No Content-Length: only the client's write callback can notice the size.
            return Response(
                status: .ok,
                body: .init { writer in
                    var rest = bytes
                    while let chunk = rest.readSlice(length: min(1_000, rest.readableBytes)), chunk.readableBytes > 0 {
                        try await writer.write(chunk)
                    }
                    try await writer.finish(nil)
                })
        }
        router.get("/gzip") { _, _ in
            Response(
                status: .ok,
                headers: [.contentEncoding: "gzip", .contentType: "text/plain"],
                body: .init(byteBuffer: ByteBuffer(bytes: gzipHello))
            )
        }
        return router
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotEngineTesting
import BotStore
import BotSupport
import HTTPTypes
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization

/// A peer on a loopback port that answers every `GET /snapshot` at once, long poll or not, with a
/// fresh snapshot under a new `ETag` (a broken or hostile lease holder), and records each request.
final class HostilePeer: Sendable {
    struct Request: Sendable {
        var path: String
        var query: String
        var authorization: String?
        var receivedAt: ContinuousClock.Instant
    }

    private let requests = Mutex<[Request]>([])
    let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    static func start() async throws -> HostilePeer {
        let box = Box()
        let router = Router()
        router.get("**") { request, _ -> Response in
            let peer = box.peer!
            let index = peer.requests.withLock { requests in
                requests.append(
                    Request(
                        path: request.uri.path, query: request.uri.query ?? "", authorization: request.headers[.authorization],
                        receivedAt: .now))
                return requests.count
            }
            let now = SystemWallClock().nowMillis()
            let snapshot = Snapshot(
                timestamp: now, feed: Fixtures.feed(1...9),
                processed: .init(issueNumber: 9, colors: "GREEN", resultFormat: "1", gameType: "RG5M", lastUpdate: now))
            return Response(
                status: .ok, headers: [.eTag: "\"\(index + 100)\"", .contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: snapshot.encoded())))
        }
        let app = await LoopbackApp.start(router, label: "hostile-peer")
        let peer = HostilePeer(port: app.port, group: app.group, task: app.task)
        box.peer = peer
        return peer
    }

    private init(port: Int, group: ServiceGroup, task: Task<Void, any Error>) {
        self.port = port
        self.group = group
        self.task = task
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The requests so far.
    var received: [Request] { requests.withLock { $0 } }

    func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }

    private final class Box: @unchecked Sendable {
        var peer: HostilePeer?
    }
}

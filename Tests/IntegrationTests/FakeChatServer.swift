// SPDX-License-Identifier: Apache-2.0
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization

/// Fake Telegram Bot API, Discord webhook and generic webhook endpoints on a loopback port. They
/// record every request and answer from a per-path script: OK by default, or 429 with
/// `retry_after`, a 5xx, a 4xx, or a slow answer.
final class FakeChatServer: Sendable {
    struct Request: Sendable {
        var path: String
        /// `POST`, or `PATCH` (a Discord webhook message edited).
        var method = "POST"
        /// When it arrived, for the rate limits of `FakeChatMessages`.
        var receivedAt = ContinuousClock.now
        /// The query string, without `?` (`wait=true&thread_id=7`).
        var query = ""
        var headers: [String: String]
        var body: [UInt8]
        var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] }
        var text: String? { json?["text"] as? String ?? json?["content"] as? String }
        /// The parts of a `multipart/form-data` body by name; nil when it is not one or is malformed.
        var form: [String: FormPart]? { FormPart.parse(body, contentType: headers["content-type"] ?? "") }
    }

    enum Answer: Sendable {
        case ok
        case status(Int, body: String, headers: [String: String] = [:])
        case slow(Duration)
        /// OK once the test calls `release()`: a request that hangs for as long as the test needs.
        case held
    }

    private let state = Mutex<(requests: [Request], scripts: [String: [Answer]])>(([], [:]))
    private let released = Mutex(false)
    let port: Int
    /// The chat's messages: ids, edits, pins, deletions, and Telegram's limits when asked.
    let chat = FakeChatMessages()
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    static func start() async throws -> FakeChatServer {
        let box = Box()
        let router = Router()
        @Sendable func record(_ request: Hummingbird.Request, _ context: BasicRequestContext) async throws -> Response {
            let body = try await request.body.collect(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
            var recorded = Request(path: request.uri.path, method: request.method.rawValue, headers: headers, body: Array(buffer: body))
            recorded.query = request.uri.query ?? ""
            return try await box.server!.answer(recorded)
        }
        router.post("**", use: record)
        router.patch("**", use: record)
        let app = await LoopbackApp.start(router, label: "fake")
        let server = FakeChatServer(port: app.port, group: app.group, task: app.task)
        box.server = server
        return server
    }

    private init(port: Int, group: ServiceGroup, task: Task<Void, any Error>) {
        self.port = port
        self.group = group
        self.task = task
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Answers the next requests to `path` with `answers`, in order, then OK.
    func script(_ path: String, _ answers: [Answer]) {
        state.withLock { $0.scripts[path, default: []] += answers }
    }

    /// Drops what is left of the script for `path` (later requests are answered OK); returns how
    /// many requests to `path` came before, so that those after are known to have been answered OK.
    @discardableResult
    func unscript(_ path: String) -> Int {
        state.withLock { state in
            state.scripts[path] = nil
            return state.requests.filter { $0.path == path }.count
        }
    }

    /// Answers the requests `.held` so far, and any later ones, at once.
    func release() { released.withLock { $0 = true } }

    func requests(_ path: String) -> [Request] { state.withLock { $0.requests.filter { $0.path == path } } }

    private func answer(_ request: Request) async throws -> Response {
        let answer: Answer = state.withLock { state in
            state.requests.append(request)
            guard var script = state.scripts[request.path], !script.isEmpty else { return .ok }
            let next = script.removeFirst()
            state.scripts[request.path] = script
            return next
        }
        switch answer {
        case .ok:
            let (status, body) = chat.answer(request)
            return Self.json(status, body)
        case .status(let code, let body, let headers):
            var response = Self.json(code, body)
            for (name, value) in headers { response.headers[HTTPField.Name(name)!] = value }
            return response
        case .slow(let delay):
            try await Task.sleep(for: delay)
            return Self.json(200, #"{"ok":true}"#)
        case .held:
            while !released.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(10)) }
            return Self.json(200, #"{"ok":true}"#)
        }
    }

    static func json(_ status: Int, _ body: String) -> Response {
        Response(
            status: .init(code: status), headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body))
        )
    }

    func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }

    private final class Box: @unchecked Sendable {
        var server: FakeChatServer?
    }
}

// SPDX-License-Identifier: Apache-2.0
import Foundation
import Hummingbird

/// The simulator's HTTP routes.
enum SimulatorRoutes {
    struct ResetError: Error {}

    struct Body: Encodable {
        struct Records: Encodable { var records: [SimulatedDraw] }
        var code = 0
        var msg = "Succeed"
        var data: Records
    }

    /// The `list` shape: no colour names, the value's last digit as `number`.
    struct ListBody: Encodable {
        struct Item: Encodable {
            var issueNumber: String
            var number: String
        }
        struct Items: Encodable { var list: [Item] }
        var code = 0
        var msg = "Succeed"
        var data: Items
    }

    /// The `untimed` shape: the original records without their time.
    struct UntimedBody: Encodable {
        struct Record: Encodable {
            var issue: Int64
            var value: String
            var resultFormatValueI18n: [String]
        }
        struct Records: Encodable { var records: [Record] }
        var code = 0
        var msg = "Succeed"
        var data: Records
    }

    /// The draws endpoint's body for `draws` (oldest first) in `shape`, newest first.
    static func body(_ draws: [SimulatedDraw], shape: SimulatorShape) -> String {
        switch shape {
        case .original:
            return encode(Body(data: .init(records: draws.reversed())))
        case .list:
            let items = draws.reversed().map { ListBody.Item(issueNumber: String($0.issue), number: String($0.value.suffix(1))) }
            return encode(ListBody(data: .init(list: items)))
        case .untimed:
            let records = draws.reversed().map { UntimedBody.Record(issue: $0.issue, value: $0.value, resultFormatValueI18n: $0.colors) }
            return encode(UntimedBody(data: .init(records: records)))
        }
    }

    static func router(state: SimulatorState, path: String, shape: SimulatorShape = .original) -> Router<BasicRequestContext> {
        let router = Router()
        router.get(RouterPath(path)) { request, _ -> Response in
            let agent = request.headers[.userAgent] ?? "-"
            let (fault, delay, draws) = state.admit(userAgent: agent)
            return try await answer(draws, fault: fault, delay: delay, shape: shape)
        }
        router.post("/control/fault") { request, _ -> Response in
            let mode = request.uri.queryParameters.get("mode") ?? "none"
            guard let fault = SimulatorFault(rawValue: mode) else {
                let modes = SimulatorFault.allCases.map(\.rawValue).joined(separator: ", ")
                return Response(status: .badRequest, body: .init(byteBuffer: ByteBuffer(string: "unknown mode '\(mode)'; modes: \(modes)\n")))
            }
            let count = request.uri.queryParameters.get("count").flatMap { Int($0) }
            let delay = request.uri.queryParameters.get("delay").flatMap { parseSeconds($0) }
            state.setFault(fault, count: count, delay: delay)
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "fault \(fault.rawValue)\n")))
        }
        router.post("/control/refuse") { request, _ -> Response in
            let agent = request.uri.queryParameters.get("agent").map { String($0) } ?? ""
            state.refuse(userAgentContaining: agent)
            let text = agent.isEmpty ? "refusing nobody\n" : "refusing User-Agents containing '\(agent)'\n"
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        router.post("/control/draw") { _, _ -> Response in
            json(state.publish())
        }
        router.get("/control/stats") { _, _ -> Response in
            json(state.stats)
        }
        router.post("/control/reset-stats") { _, _ -> Response in
            state.resetCounts()
            return Response(status: .ok)
        }
        return router
    }

    /// The draws endpoint's answer to a request that met `fault`: the window of `draws` in `shape`,
    /// or the failure the fault stands for.
    static func answer(_ draws: [SimulatedDraw], fault: SimulatorFault, delay: Duration, shape: SimulatorShape) async throws -> Response {
        switch fault {
        case .none:
            return jsonText(body(draws, shape: shape))
        case .error500:
            return Response(
                status: .internalServerError, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: "{\"code\":500,\"msg\":\"Internal Server Error\"}")))
        case .forbidden:
            return Response(
                status: .forbidden, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: "{\"code\":403,\"msg\":\"Forbidden\"}")))
        case .malformed:
            let full = body(draws, shape: shape)
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: String(full.prefix(full.count / 2)))))
        case .slow:
            try await Task.sleep(for: delay)
            return jsonText(body(draws, shape: shape))
        case .empty:
            return jsonText(body([], shape: shape))
        case .shuffled:
            // Reversed here becomes oldest first on the wire; swapping halves mixes it further.
            let half = draws.count / 2
            return jsonText(body(Array(draws[half...].reversed() + draws[..<half]), shape: shape))
        case .repeated:
            return jsonText(body(draws.flatMap { [$0, $0] }, shape: shape))
        case .reset:
            let full = body(draws, shape: shape)
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(contentLength: full.utf8.count) { writer in
                    try await writer.write(ByteBuffer(string: String(full.prefix(full.count / 3))))
                    throw ResetError()
                }
            )
        }
    }

    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(value)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    }

    static func json(_ value: some Encodable) -> Response {
        jsonText(encode(value))
    }

    /// A 200 answer with the JSON text `body`.
    static func jsonText(_ body: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// `15s`, `500ms` or a number of seconds, from zero to a day; nil otherwise (`inf`, `1e300s`).
    static func parseSeconds(_ text: String) -> Duration? {
        let seconds: Double
        if text.hasSuffix("ms"), let ms = Double(text.dropLast(2)) {
            seconds = ms / 1000
        } else if let s = Double(text.hasSuffix("s") ? String(text.dropLast()) : text) {
            seconds = s
        } else {
            return nil
        }
        guard seconds.isFinite, (0...86_400).contains(seconds) else { return nil }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }
}

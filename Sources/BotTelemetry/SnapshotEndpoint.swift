// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotSupport
import Hummingbird
import NIOCore

/// `GET /snapshot`: the lease holder's latest snapshot, for readers while Redis is down.
///
/// - 200 with the JSON bytes the master wrote to Redis, with the recent draw history added
///   (`Snapshot.historyField`, which readers of earlier releases ignore), and `ETag: "<sequence>"`;
/// - 304 when `If-None-Match` names the latest sequence; with `?wait=25s`, the answer waits up to
///   that long (at most `maxWait`, 25 s by default) for a newer snapshot and comes as soon as one
///   exists, or at once when the server stops;
/// - 503 from a master that does not hold the lease, or when ``ServedSnapshot/maxWaiters`` long
///   polls wait already (`Retry-After`); 404 from a reader, which serves none;
/// - 401 without `Authorization: Bearer <token>` when a token (`shared.peer_token_env`) is set.
struct SnapshotEndpoint: Sendable {
    let served: ServedSnapshot?
    let token: Secret?
    /// The longest a long poll waits (`TelemetryServer.Limits.longPollWait`): under the 30 s a
    /// reader's request may take, and bounded so that waiting connections turn over.
    let maxWait: Duration

    func respond(to request: Request) async -> Response {
        if let token, !Self.authorized(request.headers[.authorization], token: token) {
            var response = TelemetryServer.text(.unauthorized, "GET /snapshot needs Authorization: Bearer <the token of shared.peer_token_env>")
            response.headers[.wwwAuthenticate] = "Bearer"
            return response
        }
        guard let served else { return TelemetryServer.text(.notFound, "no snapshot here: this bot is a reader; ask the master that holds the lease") }
        let wait: Duration
        switch Self.wait(request.uri.queryParameters.get("wait"), atMost: maxWait) {
        case .success(let value): wait = value
        case .failure(let problem): return TelemetryServer.text(.badRequest, problem.message)
        }
        let known = request.headers[.ifNoneMatch].flatMap(PeerETag.sequence)
        switch await served.next(after: known, wait: wait) {
        case .snapshot(let entry):
            return Response(
                status: .ok,
                headers: [.contentType: "application/json", .eTag: PeerETag.format(entry.sequence), .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: entry.served))
            )
        case .unchanged(let sequence):
            return Response(status: .notModified, headers: [.eTag: PeerETag.format(sequence)])
        case .notHolder:
            return TelemetryServer.text(.serviceUnavailable, "this master does not hold the lease: it has no snapshot to serve")
        case .tooManyWaiting:
            var response = TelemetryServer.text(.serviceUnavailable, "\(served.maxWaiters) readers wait for a snapshot already; try again later")
            response.headers[.retryAfter] = "1"
            return response
        }
    }

    struct Problem: Error {
        let message: String
    }

    /// `?wait=`: seconds (`25` or `25s`), capped at `maxWait`; none: answer at once.
    static func wait(_ text: String?, atMost maxWait: Duration) -> Result<Duration, Problem> {
        guard let text, !text.isEmpty else { return .success(.zero) }
        let digits = text.hasSuffix("s") ? text.dropLast() : Substring(text)
        guard digits.count <= 6, let seconds = Int(digits), seconds >= 0 else {
            return .failure(Problem(message: "wait: expected seconds such as 25s, got '\(text.prefix(40))'"))
        }
        return .success(min(.seconds(seconds), maxWait))
    }

    /// Whether `header` is `Bearer <token>`, compared in time independent of where they differ.
    static func authorized(_ header: String?, token: Secret) -> Bool {
        guard let header, header.hasPrefix("Bearer ") else { return false }
        let given = Array(header.utf8.dropFirst("Bearer ".utf8.count))
        let expected = Array(token.value.utf8)
        guard given.count == expected.count else { return false }
        var difference: UInt8 = 0
        for index in given.indices { difference |= given[index] ^ expected[index] }
        return difference == 0
    }
}

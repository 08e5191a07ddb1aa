// SPDX-License-Identifier: Apache-2.0
import BotStore
import BotSupport
import CurlHTTP
import Synchronization

/// Where a reader takes the snapshot while Redis is unavailable: the lease holder's
/// `GET /snapshot` (see `ServedSnapshot`), before it ever calls the game API.
///
/// The address is the `advertise` field of the last snapshot the reader read from Redis (kept as
/// read, and parsed only when Redis fails, so an ordinary read costs nothing more), then each of
/// `shared.peers`. Addresses are configuration, not data: an advertised address is asked only
/// when it has the form of `shared.advertise` (`PeerAddress`: scheme, host, port, nothing else)
/// and, when `shared.peers` is set, is one of them; otherwise it is refused (``takeRefusal()``)
/// and the token never goes there. A peer's answer never adds an address: at most it puts one
/// of `shared.peers` first. A peer's answer is only bytes: the reader judges them as it judges
/// Redis's. A redirect, an error status, a body over `Snapshot.maxBytes` or an unreachable peer is
/// refused with its reason, and the next peer is asked.
package final class PeerSnapshotSource: Sendable {
    /// What the peers answered.
    package enum Answer: Sendable, Equatable {
        /// A snapshot (not yet judged), its sequence from the `ETag`, and the peer that served it.
        case snapshot([UInt8], sequence: Int64?, peer: String)
        /// The peer has nothing newer than the sequence asked with.
        case unchanged(peer: String)
        /// No peer could serve; the reasons, one per peer asked.
        case unavailable(String)
    }

    private struct State {
        var remembered: [UInt8]?
        var learned: String?
        var parsed = true
        var redisUnavailable = false
        /// Why the last advertised address was not taken, until reported.
        var refusal: String?
        var sequence: Int64?
        var servedAtMillis: Int64?
        /// Who waits in ``untilRedisFails()``.
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter: UInt64 = 0
    }

    private let peers: [String]
    private let token: Secret?
    /// HTTP for short reads and for long polls, made at the first request: most readers never
    /// need them, and a fleet of readers should not pay for them.
    package typealias Transports = (reads: any HTTPTransport, longPolls: any HTTPTransport)
    private let makeTransports: @Sendable () -> Transports
    private let transports = Mutex<Transports?>(nil)
    private let userAgent: String
    private let state = Mutex(State())

    /// How long a long poll asks the peer to wait for a newer snapshot.
    package static let longPollWait: Duration = .seconds(25)

    /// A source asking `peers` (after the learned address) with `token`; of `transports` (made at
    /// the first request), `reads` carries short reads and `longPolls` the long polls, so that one
    /// never queues behind the other.
    package init(peers: [String], token: Secret?, userAgent: String, transports: @escaping @Sendable () -> Transports) {
        self.peers = peers
        self.token = token
        self.userAgent = userAgent
        self.makeTransports = transports
    }

    private func transport(longPoll: Bool) -> any HTTPTransport {
        let made = transports.withLock { made in
            if let made { return made }
            let new = makeTransports()
            made = new
            return new
        }
        return longPoll ? made.longPolls : made.reads
    }

    /// Keeps what Redis served, to learn the lease holder's address from it when Redis fails;
    /// Redis answered, so it is available.
    package func remember(_ stored: StoredSnapshot) {
        state.withLock { state in
            state.redisUnavailable = false
            if case .primary(let bytes, _) = stored {
                state.remembered = bytes
                state.parsed = false
            }
        }
    }

    /// Notes that Redis failed: the long poll (``followWhileRedisIsDown``) starts asking the peers.
    package func redisFailed() {
        let waiters = state.withLock { state in
            state.redisUnavailable = true
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once Redis is unavailable (at once while it is), or when the task is cancelled: what
    /// a reader's peer follower waits for, rather than looking every poll interval (issue 29: an
    /// idle reader sleeps).
    package func untilRedisFails() async {
        let id = state.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state in
                    if state.redisUnavailable || Task.isCancelled { return true }
                    state.waiters[id] = waiter
                    return false
                }
                if now { waiter.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }

    /// Whether the last Redis read failed.
    package var isRedisUnavailable: Bool { state.withLock { $0.redisUnavailable } }

    /// Notes that a peer's snapshot was fresh and posted at `millis`.
    func served(atMillis millis: Int64) {
        state.withLock { $0.servedAtMillis = millis }
    }

    /// Whether a peer's snapshot was posted within `window` of `millis`: the long poll is
    /// delivering, so a poll need not read again.
    func servedRecently(nowMillis millis: Int64, within window: Duration) -> Bool {
        state.withLock { state in state.servedAtMillis.map { millis - $0 < window.milliseconds } ?? false }
    }

    /// The sequence of the last snapshot a peer served.
    package var lastSequence: Int64? { state.withLock { $0.sequence } }

    /// The addresses to ask, in order: the lease holder's last advertised one, then `shared.peers`.
    package var addresses: [String] {
        let learned = state.withLock { state -> String? in
            if !state.parsed, let bytes = state.remembered {
                if let advertised = Snapshot.advertise(in: bytes) {
                    switch PeerAddress.allowed(advertised, peers: peers) {
                    case .success(let address): state.learned = address
                    case .failure(let refusal):
                        state.refusal = "the snapshot in Redis advertises \(advertised.debugDescription), which \(refusal): not asked"
                    }
                }
                state.parsed = true
                state.remembered = nil
            }
            return state.learned
        }
        var out = learned.map { [$0] } ?? []
        for peer in peers where !out.contains(peer) { out.append(peer) }
        return out
    }

    /// Why the advertised address was refused, once (nil when it was taken, or already reported).
    package func takeRefusal() -> String? {
        state.withLock { state in
            defer { state.refusal = nil }
            return state.refusal
        }
    }

    /// Notes the sequence of a peer's snapshot, and the address it advertises when that is one of
    /// `shared.peers` (asked first from then on): a peer's answer cannot send the reader, or the
    /// token, anywhere the operator did not list.
    func learn(from bytes: [UInt8], sequence: Int64?) {
        let advertised = Snapshot.advertise(in: bytes).flatMap { advertised -> String? in
            guard !peers.isEmpty, case .success(let address) = PeerAddress.allowed(advertised, peers: peers) else { return nil }
            return address
        }
        state.withLock { state in
            if let advertised { state.learned = advertised }
            state.sequence = sequence
        }
    }

    /// Asks each peer in turn for its snapshot: at once (`wait` nil) or as a long poll answered
    /// when one newer than ``lastSequence`` exists.
    package func fetch(wait: Duration? = nil) async -> Answer {
        var reasons: [String] = []
        let known = wait == nil ? nil : lastSequence
        for peer in addresses {
            switch await ask(peer, known: known, wait: wait) {
            case .success(let answer): return answer
            case .failure(let refusal): reasons.append("\(peer): \(refusal.reason)")
            }
        }
        if reasons.isEmpty { return .unavailable("no peer to ask (no lease holder advertised shared.advertise, and shared.peers is empty)") }
        return .unavailable(reasons.joined(separator: "; "))
    }

    struct Refusal: Error {
        let reason: String
    }

    private func ask(_ peer: String, known: Int64?, wait: Duration?) async -> Result<Answer, Refusal> {
        // `Connection: close`: the lease holder's listener keeps few connections (32), and a fleet
        // of readers each keeping one open between reads would hold them all, so that the rest
        // could not connect and called the game API (the fleet benchmark at 32 and 128 readers).
        var headers = [HTTPHeader("User-Agent", userAgent), HTTPHeader("Accept", "application/json"), HTTPHeader("Connection", "close")]
        if let token { headers.append(HTTPHeader("Authorization", "Bearer \(token.value)")) }
        if let known { headers.append(HTTPHeader("If-None-Match", PeerETag.format(known))) }
        let query = wait.map { "?wait=\($0.components.seconds)s" } ?? ""
        let request = HTTPRequest(
            url: "\(peer)/snapshot\(query)", headers: headers, connectTimeout: .seconds(2), timeout: (wait ?? .zero) + .seconds(5)
        )
        let response: HTTPResponse
        do {
            response = try await transport(longPoll: wait != nil).execute(request)
        } catch let error as HTTPClientError {
            return .failure(Refusal(reason: error.code == .tooLarge ? "a body over \(Snapshot.maxBytes) bytes, refused" : error.message))
        } catch {
            return .failure(Refusal(reason: "\(error)"))
        }
        switch response.status {
        case 200:
            guard response.body.count <= Snapshot.maxBytes else {
                return .failure(Refusal(reason: Snapshot.oversized("the answer", bytes: response.body.count)))
            }
            return .success(.snapshot(response.body, sequence: response.header("ETag").flatMap(PeerETag.sequence), peer: peer))
        case 304:
            return .success(.unchanged(peer: peer))
        case 300..<400:
            return .failure(Refusal(reason: "answered HTTP \(response.status), a redirect, which a reader does not follow"))
        default:
            let text = String(decoding: response.body.prefix(200), as: UTF8.self).filter { !$0.isNewline }
            return .failure(Refusal(reason: "answered HTTP \(response.status)\(text.isEmpty ? "" : ": \(text)")"))
        }
    }
}

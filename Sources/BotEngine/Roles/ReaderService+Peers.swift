// SPDX-License-Identifier: Apache-2.0
import BotStore
import BotSupport
import Logging

extension ReaderService {
    /// While Redis is unavailable (or holds no snapshot): the lease holder's snapshot over HTTP,
    /// judged as Redis's is. True when it served fresh draws (then the game API is not called).
    func readFromPeers(redisFailed: Bool = true) async -> Bool {
        guard let peers else { return false }
        if redisFailed { peers.redisFailed() }
        // No master advertised, no shared.peers: nothing to ask, nothing to say.
        let addresses = peers.addresses
        if let refusal = peers.takeRefusal() { report("peer-refused:address", "Refused a peer address: \(refusal)", .warning) }
        guard !addresses.isEmpty else { return false }
        // The long poll (followPeers) posted a fresh snapshot moments ago: no need to read again.
        if redisFailed && peers.servedRecently(nowMillis: wallClock.nowMillis(), within: config.shared.freshness / 2) { return true }
        return await serve(await peers.fetch(), from: peers)
    }

    /// While Redis is unavailable, long-polls the lease holder for each newer snapshot, so that
    /// readers post as soon as it has one (push-like); otherwise sleeps until Redis fails.
    /// It asks again only after a fresh snapshot of a new sequence, and at once only when the
    /// peer held the poll (`LongPollPacing`): one that answers every poll at once with a new
    /// `ETag` is asked after 100 ms, then 200 ms, and so on up to a poll interval. A peer that
    /// answers at once without a new snapshot (the same one, a 304, an error) is asked once a poll
    /// interval.
    func followPeers() async {
        guard let peers else { return }
        var pacing = LongPollPacing(maximum: config.upstream.pollInterval)
        while !Task.isCancelled {
            await peers.untilRedisFails()
            if Task.isCancelled { return }
            if peers.isRedisUnavailable {
                let known = peers.lastSequence
                let (answer, took) = await Self.timed(clock) { await peers.fetch(wait: PeerSnapshotSource.longPollWait) }
                if case .snapshot(_, let sequence, _) = answer {
                    let served = await gate.run { await self.serve(answer, from: peers, longPoll: true) }
                    if served, let sequence, sequence != known {
                        let pause = pacing.pause(afterPollThatTook: took)
                        if pause > .zero {
                            do { try await clock.sleep(for: pause) } catch { return }
                        }
                        continue
                    }
                }
            }
            do { try await clock.sleep(for: config.upstream.pollInterval) } catch { return }
        }
    }

    /// What `work` returned, and how long it took on `clock`.
    private static func timed<Answer>(
        _ clock: some Clock<Duration>, _ work: () async -> Answer
    ) async -> (Answer, Duration) {
        let start = clock.now
        let answer = await work()
        return (answer, start.duration(to: clock.now))
    }

    /// Judges a peer's answer like a Redis read and posts fresh draws; anything else is refused
    /// with its reason (never posted).
    private func serve(_ answer: PeerSnapshotSource.Answer, from peers: PeerSnapshotSource, longPoll: Bool = false) async -> Bool {
        let bytes: [UInt8]
        let peer: String
        switch answer {
        case .unchanged:
            return false
        case .unavailable(let reason):
            report("peer-unavailable", "Redis unavailable and no master serves its snapshot (\(reason))", .warning)
            return false
        case .snapshot(let body, let sequence, let from):
            peers.learn(from: body, sequence: sequence)
            (bytes, peer) = (body, from)
        }
        let reading = SnapshotReading.judge(
            .primary(bytes), nowMillis: wallClock.nowMillis(), freshness: config.shared.freshness, ttl: config.shared.ttl,
            mapping: config.upstream.mapping, gameType: config.gameType
        )
        switch reading {
        case .fresh(let feed, let age, _, _):
            fallbackGate.withLock { $0.storeServed() }
            if longPoll { peers.served(atMillis: wallClock.nowMillis()) }
            let isNew = (feed.latest?.issue ?? Int64.min) > (await poster.lastIssue ?? Int64.min)
            metrics.snapshotAge(millis: age)
            report(
                "peer-fresh", "Redis unavailable; shared data read from the lease holder at \(peer) (updated \(age)ms ago)", isNew ? .info : .debug,
                force: isNew)
            poster.monitor.record(.freshRead)
            let served: [Draw]
            do {
                served = try Snapshot.servedHistory(in: bytes)
            } catch {
                report("peer-refused:history", "Left out the draw history served by \(peer): \(error.message)", .warning)
                served = []
            }
            await poster.offer(await history.extend(feed.draws, readStore: false, extra: served))
            return true
        case .stale(let age):
            report("peer-refused:stale", "Refused the snapshot of \(peer): stale (\(age)ms old)", .warning)
        case .missing:
            report("peer-refused:missing", "Refused the answer of \(peer): no snapshot", .warning)
        case .corrupt(let reason):
            report("peer-refused:corrupt", "Refused the snapshot of \(peer): \(reason)", .warning)
        }
        return false
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotStore
import BotSupport
import Logging

/// The lease holder's writes: when a confirmation is due, what a write leaves known, what is served.
extension MasterService {
    /// Whether a poll that found the draws of this master's last write rewrites the snapshot (a
    /// confirmation): only when, by the next poll, the last write would be older than half of
    /// `shared.freshness`, so a reader never finds it older than the schedule's longest wait
    /// between polls (half the freshness window) made it before. An idle master writes a few
    /// times per freshness window rather than at every poll.
    func confirmationDue(nowMillis now: Int64) -> Bool {
        guard let last = logs.withLock({ $0.lastWriteMillis }) else { return true }
        return now - last + nextPollDelay().milliseconds > config.shared.freshness.milliseconds / 2
    }

    /// Notes a write that was not refused: its draws, time and sequence, and whether the draw
    /// history holds its draws: it does when the write appended them, or sent none because the
    /// history held them already, unless the sequence went back since the last write (Redis lost
    /// its data, the history with it): then the next write sends them again.
    func noteWrite(of draws: [Draw], atMillis now: Int64, sequence: Int64, sentHistory: Bool, appended: Bool) {
        logs.withLock { logs in
            let lost = logs.lastSequence.map { sequence <= $0 } ?? false
            logs.historyHoldsSharedDraws = appended && (sentHistory || (logs.historyHoldsSharedDraws && !lost))
            logs.sharedDraws = draws
            logs.lastWriteMillis = now
            logs.lastSequence = sequence
        }
    }

    /// The sequence of a write that was not refused (saying when the draw history was not, or
    /// again, appended to); nil when the lease is no longer this master's.
    func written(_ outcome: PublishOutcome) async -> Int64? {
        switch outcome {
        case .notLeader:
            await leaseRefused("The snapshot write was refused")
            return nil
        case .written(let sequence):
            logs.withLock { $0.history.report("ok", message: "Draw history appended to again", level: .info, to: logger) }
            return sequence
        case .writtenWithoutHistory(let sequence, let reason):
            logs.withLock { $0.history.report("failed", message: "Snapshot written, but \(reason)", level: .warning, to: logger) }
            return sequence
        }
    }

    /// The recent draw history served with the snapshot over HTTP (`Snapshot.historyField`), one
    /// per feed, encoded only when a reader first asks for it (up to `shared.history` draws: the
    /// lease holder's cost per draw would grow with it).
    func servedHistory(_ feed: DrawFeed) async -> ServedSnapshot.History {
        if let cached = logs.withLock({ $0.servedHistory }), cached.draws == feed.draws { return cached.history }
        let draws = await standby.history.extend(feed.draws, readStore: false)
        let history = ServedSnapshot.History { SnapshotDraws.encoded(draws) }
        logs.withLock { $0.servedHistory = (feed.draws, history) }
        return history
    }
}

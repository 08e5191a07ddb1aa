// SPDX-License-Identifier: Apache-2.0
import BotStore
import BotSupport
/// A lost chat (the bot removed from it, the chat deleted, the token or webhook revoked), and
/// draws too old to post.
///
/// A lost chat stops the sink: one error line says why, `/readyz` answers not ready with the
/// reason, and `redgreen_sink_disabled{sink,reason}` is 1. The post it could not send is tried
/// again every `delivery.lost_chat_retry` (draws that come meanwhile wait in the queue, unclaimed,
/// so a restarted bot finds them undone in the ledger); the first that goes through ends it. The
/// draws that waited are then posted one message each, or past `posting.max_catch_up` as one
/// digest covering all of them (`SinkWorker+Digest.swift`; a worker without one, a picture's or a
/// board's, posts the newest `posting.max_catch_up`, those still within `delivery.max_age`).
/// Other sinks carry on meanwhile.
extension SinkWorker {
    /// Tries `post` again every `lost_chat_retry` until it is sent, the chat answers something
    /// other than "lost", or the post is too old (the sink stays lost; the next post goes on trying).
    func retryLost(_ post: Post, key: LedgerKey) async {
        while true {
            do { try await clock.sleep(for: settings.lostChatRetry) } catch { return }
            if await skipIfTooOld(post, key: key) { return }
            switch await attempt(post, key: key) {
            case .lost(let error):
                logger.debug("Sink \(sink.name) is still lost (\(error.message)); trying again in \(DurationText.format(settings.lostChatRetry))")
            case .sent, .failed:
                chatWorks()
                return
            case .stopped, .alreadySent:
                return
            }
        }
    }

    /// Stops the sink: says why, once.
    func chatLost(_ error: SinkError) {
        guard case .chatLost(let reason) = error.kind else { return }
        let (first, waiters) = state.withLock { state in
            defer { (state.lost, state.lostWaiters) = (error, []) }
            return (state.lost == nil, state.lostWaiters)
        }
        for waiter in waiters { waiter.resume() }
        guard first else { return }
        metrics.sinkDisabled(sink.name, reason: reason, true)
        monitor?.sinkLost(sink.name, reason: error.message)
        logger.error(
            "Sink \(sink.name) stopped sending: \(error.message); trying again every \(DurationText.format(settings.lostChatRetry))",
            metadata: ["sink.name": "\(sink.name)", "sink.reason": "\(reason)"]
        )
    }

    /// Ends a lost chat: the sink posts again; past `maxCatchUp`, the posts that waited are
    /// gathered into one digest (or, without one, those beyond it skipped).
    private func chatWorks() {
        let digests = digest != nil
        let (lost, waiting): (SinkError?, Int) = state.withLock { state in
            defer { state.lost = nil }
            let waiting = state.pending - 1
            if state.lost != nil, waiting > maxCatchUp {
                if digests { state.digestWaiting = waiting } else { state.skipOldest = waiting - maxCatchUp }
            }
            return (state.lost, waiting)
        }
        guard let lost, case .chatLost(let reason) = lost.kind else { return }
        metrics.sinkDisabled(sink.name, reason: reason, false)
        monitor?.sinkLost(sink.name, reason: nil)
        if digests && waiting > maxCatchUp {
            logger.info("Sink \(sink.name) posts again; the \(waiting) posts that waited go out as one digest")
        } else {
            logger.info("Sink \(sink.name) posts again; catching up on \(min(waiting, maxCatchUp)) of the \(waiting) draws that waited")
        }
    }

    /// True, once for each draw to skip, while draws that waited for a lost chat are beyond `maxCatchUp`.
    func takeCatchUpSkip() -> Bool {
        state.withLock { state in
            guard state.skipOldest > 0 else { return false }
            state.skipOldest -= 1
            return true
        }
    }

    /// Skips `post` when it is older than `delivery.max_age`: from the draw's time when the game
    /// API gives one, else from when the bot first saw it. Logged, counted, and done in the ledger.
    func skipIfTooOld(_ post: Post, key: LedgerKey) async -> Bool {
        let since = post.draw.timeMillis ?? post.postedAtMillis
        let age = wallClock.nowMillis() &- since
        guard age > settings.maxAge.milliseconds else { return false }
        metrics.post(sink: sink.name, outcome: "too_old")
        logger.warning(
            "Draw \(post.draw.issue) is \(DurationText.format(.milliseconds(age))) old, beyond delivery.max_age (\(DurationText.format(settings.maxAge))); not posting it to \(sink.name)",
            metadata: ["sink.name": "\(sink.name)", "draw.issue": "\(post.draw.issue)"]
        )
        await skip(key, of: post)
        return true
    }

    /// Records a post (its draw, or every draw a digest covers) that is not posted as done with,
    /// so that a restart does not try it again.
    func skip(_ key: LedgerKey, of post: Post) async {
        guard await claim(key) == .claimed else { return }
        await shielded { await self.finish(key, of: post, sent: false) }
    }
}

extension SinkError {
    /// Whether the chat is lost (`chatLost`).
    var isChatLost: Bool {
        if case .chatLost = kind { return true }
        return false
    }
}

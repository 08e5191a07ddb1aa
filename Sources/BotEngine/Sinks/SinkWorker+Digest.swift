// SPDX-License-Identifier: Apache-2.0
/// One digest for the posts that waited for a lost chat.
///
/// When a lost chat works again and more than `posting.max_catch_up` posts waited for it, the
/// worker gathers them as they come off its queue (a digest among them counts with every draw it
/// covers) and sends one post covering all their draws: `messages.digest`, claimed in the ledger
/// under its newest issue, each covered draw marked posted once it is sent. It is too old
/// (`delivery.max_age`) only when its newest draw is. Without a digest text (the locale has none),
/// they are posted one message each.
extension SinkWorker {
    /// What `gather` did with a post.
    enum Gathering {
        /// Not gathering: deliver the post on its own.
        case no
        /// Kept for the digest; more are to come.
        case kept
        /// The post completed the digest: these are all the posts gathered, in queue order.
        case complete([Post])
    }

    /// Takes `post` into the digest while the posts that waited for a lost chat are gathered.
    func gather(_ post: Post) -> Gathering {
        state.withLock { state in
            guard state.digestWaiting > 0 else { return .no }
            state.gathered.append(post)
            state.digestWaiting -= 1
            guard state.digestWaiting == 0 else { return .kept }
            defer { state.gathered = [] }
            return .complete(state.gathered)
        }
    }

    /// Sends one digest covering every draw of `posts`, or each post on its own when there is no
    /// digest text for them.
    func deliverGathered(_ posts: [Post]) async {
        var seen = Set<Int64>()
        let draws = posts.flatMap { $0.covered.isEmpty ? [$0.draw] : $0.covered }.sorted { $0.issue < $1.issue }.filter {
            seen.insert($0.issue).inserted
        }
        guard let newest = draws.last, let last = posts.last, draws.count > maxCatchUp, let text = digest?(draws) else {
            for post in posts { await deliverOne(post) }
            return
        }
        var post = Post(
            locale: last.locale, draw: newest, colorNames: newest.colors.map { $0.lowercased() }, text: text, postedAtMillis: last.postedAtMillis)
        post.covered = draws
        logger.info(
            "Posting draws \(draws[0].issue)–\(newest.issue) (\(draws.count)), which waited while \(sink.name) was lost, as one digest",
            metadata: ["sink.name": "\(sink.name)", "draw.issue": "\(newest.issue)"])
        await deliverOne(post)
    }

    /// Counts and logs a digest the sink accepted.
    func digestSent(_ post: Post, parts: Int) {
        metrics.digest(sink: sink.name, draws: post.covered.count)
        let first = post.covered.first?.issue ?? post.draw.issue
        logger.info(
            "Posted one digest of draws \(first)–\(post.draw.issue) (\(post.covered.count)) to \(sink.name)\(parts > 1 ? " in \(parts) parts" : "")",
            metadata: ["sink.name": "\(sink.name)", "draw.issue": "\(post.draw.issue)", "digest.draws": "\(post.covered.count)"])
    }
}

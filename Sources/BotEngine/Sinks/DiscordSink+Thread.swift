import CurlHTTP

/// Posting into a thread: `thread_id` (an existing thread: `?thread_id=` on the webhook URL) or
/// `thread_name` (a forum post created by the first post, `thread_name` in its body; every later
/// post goes into the thread it created, whose id is kept in the sink's `SinkStateStore`).
extension DiscordSink {
    /// Where in the channel a request posts.
    struct ThreadTarget: Sendable {
        /// The thread posted into; nil: the channel itself, or a new forum post.
        var threadID: String?
        /// The forum post a request creates; nil: none.
        var newThreadName: String?
    }

    /// Sends one request, made by `request` for where it posts, and checks the answer. With
    /// `thread_name` and no thread yet, requests go one at a time until the forum post exists, so
    /// the messages and the trend picture never create two.
    func sendInThread(_ request: @escaping @Sendable (ThreadTarget) async throws -> HTTPResponse) async throws {
        guard let name = settings.threadName else {
            try check(try await request(ThreadTarget(threadID: settings.threadID)))
            return
        }
        if let thread = await createdThread(named: name) {
            try check(try await request(ThreadTarget(threadID: thread)))
            return
        }
        let outcome: Result<Void, any Error> = await threadCreation.run {
            do {
                if let thread = await createdThread(named: name) {
                    try check(try await request(ThreadTarget(threadID: thread)))
                    return .success(())
                }
                let response = try await request(ThreadTarget(newThreadName: name))
                try check(response)
                if let thread = HTTPSinkClient.jsonObject(response)?["channel_id"]?.text {
                    await forumThread.set("\(thread)\t\(name)")
                    context.logger.info("Sink \(settings.name) created the forum post '\(name)' (thread \(thread)); posting into it from now on")
                } else {
                    context.logger.warning(
                        "Sink \(settings.name): Discord did not say which thread the forum post '\(name)' is; the next post creates another")
                }
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try outcome.get()
    }

    /// The thread the sink created for the forum post `name`, if any (a renamed `thread_name` makes a new one).
    private func createdThread(named name: String) async -> String? {
        guard let kept = await forumThread.value() else { return nil }
        let parts = kept.split(separator: "\t", maxSplits: 1).map(String.init)
        return parts.count == 2 && parts[1] == name ? parts[0] : nil
    }
}

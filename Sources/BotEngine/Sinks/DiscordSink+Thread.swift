// SPDX-License-Identifier: Apache-2.0
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
    /// Returns the (2xx) answer.
    @discardableResult
    func sendInThread(_ request: @escaping @Sendable (ThreadTarget) async throws -> HTTPResponse) async throws -> HTTPResponse {
        guard let name = settings.threadName else {
            let response = try await request(ThreadTarget(threadID: settings.threadID))
            try await checked(response)
            return response
        }
        if let response = try await postIntoCreatedThread(named: name, request) { return response }
        let outcome: Result<HTTPResponse, any Error> = await threadCreation.run {
            do {
                if let response = try await postIntoCreatedThread(named: name, request) { return .success(response) }
                let response = try await request(ThreadTarget(newThreadName: name))
                try await checked(response)
                if let thread = HTTPSinkClient.jsonObject(response)?["channel_id"]?.text {
                    await forumThread.set("\(thread)\t\(name)")
                    context.logger.info("Sink \(settings.name) created the forum post '\(name)' (thread \(thread)); posting into it from now on")
                } else {
                    context.logger.warning(
                        "Sink \(settings.name): Discord did not say which thread the forum post '\(name)' is; the next post creates another")
                }
                return .success(response)
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    /// The thread the sink posts into: `thread_id`, or the one it created for `thread_name` (nil
    /// while it has none: the next post creates it).
    func currentThreadID() async -> String? {
        guard let name = settings.threadName else { return settings.threadID }
        return await createdThread(named: name)
    }

    /// Posts into the thread the sink created for the forum post `name`, returning the answer; nil
    /// when it has none, or when Discord answers that the thread was deleted (`Unknown Channel`):
    /// then it is forgotten.
    private func postIntoCreatedThread(named name: String, _ request: (ThreadTarget) async throws -> HTTPResponse) async throws -> HTTPResponse? {
        guard let thread = await createdThread(named: name) else { return nil }
        let response = try await request(ThreadTarget(threadID: thread))
        if response.status == 404, HTTPSinkClient.jsonObject(response)?["code"] == .integer(Self.unknownChannel) {
            await forumThread.set("")
            context.logger.warning(
                "Sink \(settings.name): the thread of the forum post '\(name)' (\(thread)) was deleted; creating the forum post anew")
            return nil
        }
        try await checked(response)
        return response
    }

    /// Discord's error code for a channel or thread that does not exist.
    static let unknownChannel: Int64 = 10003

    /// The thread the sink created for the forum post `name`, if any (a renamed `thread_name` makes a new one).
    private func createdThread(named name: String) async -> String? {
        guard let kept = await forumThread.value() else { return nil }
        let parts = kept.split(separator: "\t", maxSplits: 1).map(String.init)
        return parts.count == 2 && parts[1] == name ? parts[0] : nil
    }
}

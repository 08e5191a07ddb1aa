// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotLocalization
import Synchronization

/// A sink that keeps every post it is given, for assertions; can be told to fail.
package final class RecordingSink: MessageSink {
    package let name: String
    package let format: MessageFormat
    package let maxLength: Int?
    private let state = Mutex<(posts: [Post], failing: Bool)>(([], false))

    /// An empty recorder for messages in `format`, split at `maxLength`.
    package init(name: String = "recording", format: MessageFormat = .plain, maxLength: Int? = nil) {
        self.name = name
        self.format = format
        self.maxLength = maxLength
    }

    /// Records each part as a post with that part's text.
    package func send(_ text: String, of post: Post) async throws {
        try state.withLock { state in
            if state.failing { throw SinkError(.transient, "recording sink set to fail") }
            var part = post
            part.text = text
            state.posts.append(part)
        }
    }

    /// Everything posted so far, in order.
    package var posts: [Post] { state.withLock { $0.posts } }
    /// The issues posted so far, in order.
    package var issues: [Int64] { posts.map(\.draw.issue) }
    /// Makes deliveries fail (or succeed again).
    package func setFailing(_ failing: Bool) { state.withLock { $0.failing = failing } }
}

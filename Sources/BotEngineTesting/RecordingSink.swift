import BotEngine
import Synchronization

/// A sink that keeps every post it is given, for assertions; can be told to fail.
public final class RecordingSink: MessageSink {
    public let name: String
    private let state = Mutex<(posts: [Post], failing: Bool)>(([], false))

    /// An empty recorder.
    public init(name: String = "recording") { self.name = name }

    public func deliver(_ post: Post) async throws {
        try state.withLock { state in
            if state.failing { throw RecordingSinkError() }
            state.posts.append(post)
        }
    }

    /// Everything posted so far, in order.
    public var posts: [Post] { state.withLock { $0.posts } }
    /// The issues posted so far, in order.
    public var issues: [Int64] { posts.map(\.draw.issue) }
    /// Makes deliveries fail (or succeed again).
    public func setFailing(_ failing: Bool) { state.withLock { $0.failing = failing } }
}

/// The error a failing `RecordingSink` throws.
public struct RecordingSinkError: Error {}

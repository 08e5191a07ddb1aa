/// What the store holds under the fleet's keys, undecoded.
public enum StoredSnapshot: Sendable, Equatable {
    /// The primary key's payload.
    case primary([UInt8])
    /// No primary key, but the legacy key: the raw upstream JSON, and its remaining time to live
    /// in milliseconds (nil when the key has no expiry), from which its age is judged.
    case legacy([UInt8], remainingMillis: Int64?)
    /// Neither key.
    case empty
}

/// Where the fleet shares its snapshot: Redis in production, memory in the demo and fast tests.
public protocol SnapshotStore: Sendable {
    /// Writes the snapshot and the legacy copy, each with `ttl`, in one step.
    func publish(snapshot: [UInt8], legacy: [UInt8], ttl: Duration) async throws
    /// Reads the primary key, or the legacy key when the primary is missing.
    func fetch() async throws -> StoredSnapshot
}

/// A store operation that failed: the store is down, refused the command, or timed out.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// What happened.
    public var message: String
    /// Whether the server refused for lack of permission (a Redis ACL `NOPERM`).
    public var isPermissionDenied: Bool
    /// Creates an error.
    public init(_ message: String, isPermissionDenied: Bool = false) {
        self.message = message
        self.isPermissionDenied = isPermissionDenied
    }
    /// The message.
    public var description: String { message }
}

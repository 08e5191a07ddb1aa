/// Why a request to the game API gave no draws.
public struct UpstreamError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure, which decides whether a retry can help.
    public enum Code: String, Sendable {
        /// No answer in time.
        case timeout
        /// Could not connect, or the connection broke.
        case network
        /// An HTTP status other than 2xx.
        case status
        /// A body that is not the expected JSON shape.
        case invalid
    }

    /// The kind of failure.
    public var code: Code
    /// What happened, naming the field at fault for `.invalid`.
    public var message: String
    /// The HTTP status, for `.status`.
    public var status: Int?

    /// Creates an error.
    public init(_ code: Code, _ message: String, status: Int? = nil) {
        self.code = code
        self.message = message
        self.status = status
    }

    /// The message.
    public var description: String { message }
}

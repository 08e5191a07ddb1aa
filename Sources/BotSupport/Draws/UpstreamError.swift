// SPDX-License-Identifier: Apache-2.0
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
    /// The config key whose mapping the response did not match (`upstream.mapping.records`,
    /// `upstream.colors_by_last_digit`), for `.invalid`.
    public var configKey: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, status: Int? = nil, configKey: String? = nil) {
        self.code = code
        self.message = message
        self.status = status
        self.configKey = configKey
    }

    /// What went wrong without the details that change from one request to the next (elapsed
    /// time, body size, which draw): two failures with the same condition are the same problem,
    /// logged once while it lasts.
    public var condition: String {
        [code.rawValue, status.map(String.init), configKey].compactMap { $0 }.joined(separator: ":")
    }

    /// The message.
    public var description: String { message }
}

extension UpstreamError {
    /// The condition of any error a game API throws: `condition` for an `UpstreamError`, its
    /// description for anything else.
    public static func condition(of error: any Error) -> String {
        (error as? UpstreamError)?.condition ?? "\(error)"
    }
}

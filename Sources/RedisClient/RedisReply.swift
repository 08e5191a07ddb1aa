// SPDX-License-Identifier: Apache-2.0
/// A reply from the server. Error replies are not values: they are thrown as
/// ``RedisError`` with code ``RedisError/Code/server``.
public enum RedisReply: Sendable, Equatable {
    /// A simple string such as `OK` or `PONG`.
    case status(String)
    /// An integer reply (`INCR`, `PTTL`, ...).
    case integer(Int64)
    /// A binary-safe bulk string.
    case bulk([UInt8])
    /// The null bulk string or null array (e.g. `GET` of a missing key, `SET ... NX` that did not set).
    case null
    /// A multi-bulk reply.
    case array([RedisReply])

    /// The text of a bulk or status reply, or `nil` for other replies and for bulk bytes that are not valid UTF-8.
    public var string: String? {
        switch self {
        case .status(let text): text
        case .bulk(let bytes): String(validating: bytes, as: UTF8.self)
        default: nil
        }
    }

    /// The value of an integer reply; a bulk or status reply holding only a base-10 integer
    /// (such as `GET` of a counter) is parsed too. `nil` otherwise.
    public var int: Int64? {
        switch self {
        case .integer(let value): value
        case .bulk, .status: string.flatMap { Int64($0) }
        default: nil
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotSupport
import Foundation

/// The shared snapshot in Redis, in the original fleet's wire format:
/// `{"timestamp": ms, "game_data": <upstream response verbatim>, "processed_data": {...}}`.
/// Fields are only ever added, never renamed or removed, so bots of the original design can
/// keep reading it. This project's masters add the normalised draws (`draws`, see
/// `SnapshotDraws`), which readers take instead of parsing `game_data`.
public struct Snapshot: Sendable, Equatable {
    /// When the master wrote it, in milliseconds since 1970 (the master's clock).
    public var timestamp: Int64
    /// The validated upstream response the master polled.
    public var feed: DrawFeed
    /// The master's summary of the latest draw.
    public var processed: ProcessedData
    /// The TTL the writer set, in milliseconds (an added field, `ttl_ms`): with the key's
    /// remaining TTL it gives the snapshot's age on the server's clock.
    public var ttlMillis: Int64?
    /// The sequence number the fenced write stamped (an added field, `sequence`).
    public var sequence: Int64?
    /// Where the writer serves its snapshot while Redis is down (an added field, `advertise`:
    /// `shared.advertise`); readers remember it.
    public var advertise: String?

    /// The largest snapshot (or legacy key) a reader reads: a game API body has at most 8 MiB
    /// (`CurlHTTPClient`'s limit), and the rest of a snapshot is small. A larger value is left in
    /// Redis unread, as a corrupt snapshot, so a hostile or broken writer cannot make every reader
    /// pull hundreds of MB on each poll.
    package static let maxBytes = (8 << 20) + (64 << 10)

    /// Why a value of `bytes` at `key` was left unread.
    package static func oversized(_ key: String, bytes: Int) -> String {
        "\(key) holds \(bytes) bytes, more than the \(maxBytes) a snapshot may have; left unread"
    }

    /// The `processed_data` object.
    public struct ProcessedData: Sendable, Equatable, Codable {
        /// The latest issue.
        public var issueNumber: Int64
        /// The latest draw's colours as labelled in the master's locale (`GREEN 🟢`).
        public var colors: String
        /// The latest draw's value.
        public var resultFormat: String
        /// The game's type tag.
        public var gameType: String
        /// Same as the snapshot's timestamp.
        public var lastUpdate: Int64

        enum CodingKeys: String, CodingKey {
            case issueNumber = "issue_number", colors, resultFormat = "result_format", gameType = "game_type", lastUpdate = "last_update"
        }

        /// Creates the summary.
        public init(issueNumber: Int64, colors: String, resultFormat: String, gameType: String, lastUpdate: Int64) {
            self.issueNumber = issueNumber
            self.colors = colors
            self.resultFormat = resultFormat
            self.gameType = gameType
            self.lastUpdate = lastUpdate
        }
    }

    /// Creates a snapshot.
    public init(timestamp: Int64, feed: DrawFeed, processed: ProcessedData) {
        self.timestamp = timestamp
        self.feed = feed
        self.processed = processed
    }

    /// The wire bytes; `game_data` is the upstream body byte for byte. Without `includingDraws`,
    /// the bytes a master of the original design writes (no `draws` field).
    public func encoded(includingDraws: Bool = true) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let processedBytes = (try? encoder.encode(processed)).map { [UInt8]($0) } ?? Array("{}".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(feed.raw.count + processedBytes.count + 64)
        out += Array("{\"timestamp\":\(timestamp),".utf8)
        if let ttlMillis { out += Array("\"ttl_ms\":\(ttlMillis),".utf8) }
        if let advertise, let quoted = try? JSONEncoder().encode(advertise) { out += Array("\"advertise\":".utf8) + quoted + Array(",".utf8) }
        if includingDraws {
            out += Array("\"\(SnapshotDraws.field)\":".utf8)
            out += SnapshotDraws.encoded(feed.draws)
            out += Array(",".utf8)
        }
        out += Array("\"game_data\":".utf8)
        out += feed.raw
        out += Array(",\"processed_data\":".utf8)
        out += processedBytes
        out += Array("}".utf8)
        return out
    }

    /// Decodes and validates wire bytes. The draws come from the `draws` field when the snapshot
    /// has one (`game_data` is then skipped, never parsed, and `mapping` is not needed); from
    /// `game_data`, read with `mapping` (the game's, which every bot of the game shares), when it
    /// has none (a master of the original design). Any problem is a `SnapshotError` naming the field.
    public static func decode(_ bytes: [UInt8], mapping: ResponseMapping = .original) throws(SnapshotError) -> Snapshot {
        let json: JSONValue
        do {
            json = try JSONValue.parse(bytes, skippingMember: "game_data")
        } catch {
            throw SnapshotError("the payload is not valid JSON (\(bytes.count) bytes): \(error)")
        }
        guard case .integer(let timestamp) = json["timestamp"], timestamp > 0 else {
            throw SnapshotError("timestamp: expected milliseconds since 1970, got \(json["timestamp"]?.typeName ?? "nothing")")
        }
        let draws: [Draw]
        if let normalised = json[SnapshotDraws.field] {
            draws = try SnapshotDraws.decode(normalised)
        } else {
            draws = try gameDataDraws(bytes, mapping: mapping)
        }
        guard case .object = json["processed_data"] else { throw SnapshotError("processed_data: is missing or not an object") }
        guard case .integer(let issue) = json["processed_data"]?["issue_number"] else {
            throw SnapshotError("processed_data.issue_number: expected an integer")
        }
        func text(_ key: String) -> String {
            if case .string(let value) = json["processed_data"]?[key] { return value }
            return ""
        }
        var lastUpdate = timestamp
        if case .integer(let value) = json["processed_data"]?["last_update"] { lastUpdate = value }
        let processed = ProcessedData(
            issueNumber: issue, colors: text("colors"), resultFormat: text("result_format"), gameType: text("game_type"), lastUpdate: lastUpdate
        )
        var snapshot = Snapshot(timestamp: timestamp, feed: DrawFeed(draws: draws, raw: []), processed: processed)
        if case .integer(let ttl) = json["ttl_ms"], ttl > 0 { snapshot.ttlMillis = ttl }
        if case .integer(let sequence) = json["sequence"] { snapshot.sequence = sequence }
        if case .string(let advertise) = json["advertise"] { snapshot.advertise = advertise }
        return snapshot
    }

    /// `bytes` (an encoded snapshot, a JSON object) with `"sequence":<sequence>` added, exactly as
    /// the fenced write in Redis stamps it (`RedisSnapshotStore.publishScript`).
    package static func stamped(_ bytes: [UInt8], sequence: Int64) -> [UInt8] {
        guard bytes.last == UInt8(ascii: "}") else { return bytes }
        return bytes.dropLast() + Array(",\"sequence\":\(sequence)}".utf8)
    }

    /// The `advertise` field of encoded snapshot `bytes`, without decoding its draws; nil when it
    /// has none or does not parse.
    package static func advertise(in bytes: [UInt8]) -> String? {
        guard case .string(let advertise) = (try? JSONValue.parse(bytes))?["advertise"] else { return nil }
        return advertise
    }
}

extension Snapshot {
    /// The draws of a snapshot without a `draws` field, from its `game_data` read with `mapping`.
    static func gameDataDraws(_ bytes: [UInt8], mapping: ResponseMapping) throws(SnapshotError) -> [Draw] {
        let gameData: JSONValue?
        do {
            gameData = try JSONValue.parse(bytes)["game_data"]
        } catch {
            throw SnapshotError("the payload is not valid JSON (\(bytes.count) bytes): \(error)")
        }
        guard let gameData else { throw SnapshotError("game_data: is missing") }
        do {
            return try DrawDecoder.draws(in: gameData, mapping: mapping)
        } catch {
            throw SnapshotError("game_data: \(error.message)")
        }
    }
}

/// A snapshot payload that does not parse or validate.
public struct SnapshotError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, naming the field.
    public var message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}

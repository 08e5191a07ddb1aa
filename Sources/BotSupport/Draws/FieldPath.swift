// SPDX-License-Identifier: Apache-2.0
import Foundation

/// A dot path to a field of a JSON response (`data.records`, `result.number`): each segment is
/// the key of an object member. Keys that themselves hold a dot cannot be named.
public struct FieldPath: Sendable, Hashable, CustomStringConvertible {
    /// The member keys, outermost first; never empty.
    public let segments: [String]

    /// The path `text`, or nil when it is empty or has an empty segment (`data..records`).
    public init?(_ text: String) {
        let segments = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !segments.isEmpty, segments.allSatisfy({ !$0.isEmpty && $0.trimmingCharacters(in: .whitespaces) == $0 }) else {
            return nil
        }
        self.segments = segments
    }

    /// The path as written (`data.records`).
    public var description: String { segments.joined(separator: ".") }

    /// Where following a path through a JSON value ended.
    package enum Lookup: Sendable, Equatable {
        /// The value at the end of the path.
        case found(JSONValue)
        /// The member `missing` (a prefix of the path, `prefix` being the part before it) is absent
        /// from the object there, whose keys are `keys`.
        case missing(prefix: String, missing: String, keys: [String])
        /// The value at `at` is not an object, so the path cannot go on.
        case notAnObject(at: String, JSONValue)
    }

    /// Follows the path from `root`; `base` is the JSON path of `root` itself, for messages
    /// (`data.records[3]`, or empty for the whole response).
    package func lookup(in root: JSONValue, base: String = "") -> Lookup {
        var current = root
        var walked = base
        for segment in segments {
            guard case .object(let members) = current else { return .notAnObject(at: walked, current) }
            let prefix = walked
            walked = walked.isEmpty ? segment : "\(walked).\(segment)"
            guard let next = members[segment] else {
                return .missing(prefix: prefix, missing: walked, keys: members.keys.sorted())
            }
            current = next
        }
        return .found(current)
    }
}

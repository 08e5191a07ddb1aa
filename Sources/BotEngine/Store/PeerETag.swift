// SPDX-License-Identifier: Apache-2.0
import Foundation

/// The `ETag` of `GET /snapshot`: the snapshot's sequence number, quoted (`"42"`). The server
/// (`SnapshotEndpoint`) writes it and readers (`PeerSnapshotSource`) read it here only.
package enum PeerETag {
    /// `"<sequence>"`.
    package static func format(_ sequence: Int64) -> String { "\"\(sequence)\"" }

    /// The sequence in an `ETag` or `If-None-Match` (`"42"`, `W/"42"` or `42`); nil when it holds none.
    package static func sequence(_ header: String) -> Int64? {
        var text = header.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("W/") { text.removeFirst(2) }
        return Int64(text.trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
    }
}

// SPDX-License-Identifier: Apache-2.0
/// The message a master publishes on the update channel when a write changed the draws:
/// `<sequence>:<latest issue>` (`42:12345`), or `<sequence>` alone from masters of earlier
/// releases. `RedisSnapshotStore.publishScript` writes it; readers parse it here. A reader that
/// ignores the payload (the original design's) still works: any message means "read the snapshot".
enum UpdateMessage {
    /// The `publishScript` argument that asks for `announce`: empty for none, `*` for the sequence
    /// alone, else the latest issue.
    static func scriptArgument(_ announce: SnapshotAnnouncement) -> String {
        switch announce {
        case .silent: ""
        case .changed(let issue?): String(issue)
        case .changed(nil): "*"
        }
    }

    /// The update a message announces; parts that are not whole numbers are left out, so a
    /// message of another shape still means "read the snapshot".
    package static func update(from payload: [UInt8]) -> SnapshotUpdate {
        let text = String(decoding: payload, as: UTF8.self)
        guard let colon = text.firstIndex(of: ":") else { return .changed(sequence: Int64(text), latestIssue: nil) }
        return .changed(sequence: Int64(text[..<colon]), latestIssue: Int64(text[text.index(after: colon)...]))
    }
}

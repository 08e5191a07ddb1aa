// SPDX-License-Identifier: Apache-2.0
/// The state of one transfer, reached from curl's C callbacks through the opaque
/// `CURLOPT_WRITEDATA` / `CURLOPT_HEADERDATA` / `CURLOPT_XFERINFODATA` pointer.
///
/// Only touched on the executor's queue, during `curl_easy_perform`.
package final class TransferContext {
    /// The body received so far.
    package private(set) var body: [UInt8] = []
    /// The header fields of the latest response received so far.
    private(set) var headers: [HTTPHeader] = []
    /// Whether the body grew past `maxBytes` (the write callback then stopped the transfer).
    private(set) var exceededLimit = false

    /// The largest body accepted.
    let maxBytes: Int
    /// Set when the awaiting task is cancelled.
    let abort: AbortFlag

    package init(maxBytes: Int, abort: AbortFlag) {
        self.maxBytes = maxBytes
        self.abort = abort
    }

    /// The pointer to hand to curl; valid while the caller keeps `self` alive.
    var opaquePointer: UnsafeMutableRawPointer {
        Unmanaged.passUnretained(self).toOpaque()
    }

    /// The context behind a pointer made by ``opaquePointer``.
    static func from(_ pointer: UnsafeMutableRawPointer) -> TransferContext {
        Unmanaged<TransferContext>.fromOpaque(pointer).takeUnretainedValue()
    }

    /// Appends body bytes; `false` (stop the transfer) when aborted or over the limit.
    ///
    /// The buffer grows by doubling, as an array does, but never past `maxBytes`: left to itself,
    /// an array grown to just over 8 MiB holds 16 MiB, and a peer sending endless bodies raised a
    /// reader's resident memory by twice the limit (issue 27).
    package func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if abort.isRaised { return false }
        if bytes.count > maxBytes - body.count {
            exceededLimit = true
            return false
        }
        let needed = body.count + bytes.count
        if needed > body.capacity {
            body.reserveCapacity(min(maxBytes, max(needed, body.capacity * 2)))
        }
        body.append(contentsOf: bytes)
        return true
    }

    /// How many bytes the body's buffer holds (at most about `maxBytes`, however much was sent).
    package var bufferCapacity: Int { body.capacity }

    /// Takes one raw header line as curl delivers it (status line, field, or blank line).
    ///
    /// A status line starts a new response (after a `1xx`, or a proxy's `CONNECT` reply), so it
    /// clears the fields collected so far: only the final response's fields are kept.
    func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        var line = Substring(String(decoding: bytes, as: UTF8.self))
        while let last = line.last, last == "\r" || last == "\n" || last == "\r\n" {
            line.removeLast()
        }
        if line.hasPrefix("HTTP/") {
            headers.removeAll()
            return
        }
        if line.isEmpty { return }
        if let first = line.first, first == " " || first == "\t" {
            // Obsolete line folding: a continuation of the previous field's value.
            if !headers.isEmpty {
                headers[headers.count - 1].value += " " + Self.trimmed(line)
            }
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = Self.trimmed(line[..<colon])
        let value = Self.trimmed(line[line.index(after: colon)...])
        headers.append(HTTPHeader(name, value))
    }

    /// `text` without leading and trailing spaces and tabs.
    private static func trimmed(_ text: Substring) -> String {
        var text = text
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return String(text)
    }
}

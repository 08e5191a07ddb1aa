// SPDX-License-Identifier: Apache-2.0
import Foundation

/// A `multipart/form-data` body (RFC 7578), built as bytes: fields and files, each a part
/// between boundaries. Built here rather than with libcurl's `curl_mime_*`, so that it travels
/// through `HTTPTransport` as any other body does (the in-memory transports and fake servers of
/// the tests see exactly what libcurl sends).
struct MultipartForm: Sendable {
    /// One part: a field, or a file when it has a file name.
    struct Part: Sendable {
        var name: String
        var fileName: String?
        var contentType: String?
        var body: [UInt8]
    }

    private(set) var parts: [Part] = []

    /// Adds a text field.
    mutating func field(_ name: String, _ value: String, contentType: String? = nil) {
        parts.append(Part(name: name, contentType: contentType, body: Array(value.utf8)))
    }

    /// Adds a file.
    mutating func file(_ name: String, fileName: String, contentType: String, _ body: [UInt8]) {
        parts.append(Part(name: name, fileName: fileName, contentType: contentType, body: body))
    }

    /// The body and its `Content-Type` header value, with a random boundary that none of the parts contains.
    func encoded() -> (body: [UInt8], contentType: String) {
        var boundary: String
        repeat {
            boundary = "redgreen-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        } while parts.contains { Self.contains($0.body, Array(boundary.utf8)) }
        var body: [UInt8] = []
        for part in parts {
            var head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(Self.quoted(part.name))\""
            if let fileName = part.fileName { head += "; filename=\"\(Self.quoted(fileName))\"" }
            head += "\r\n"
            if let type = part.contentType { head += "Content-Type: \(type)\r\n" }
            body += Array((head + "\r\n").utf8) + part.body + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return (body, "multipart/form-data; boundary=\(boundary)")
    }

    /// A name or file name for a quoted header parameter: quotes and line breaks escaped (RFC 7578 §4.2).
    static func quoted(_ text: String) -> String {
        text.replacingOccurrences(of: "\"", with: "%22").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { start in haystack[start..<start + needle.count].elementsEqual(needle) }
    }
}

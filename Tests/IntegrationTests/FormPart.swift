// SPDX-License-Identifier: Apache-2.0
import Foundation

/// One part of a `multipart/form-data` body the fake chat servers received, parsed strictly
/// (RFC 7578): a body that does not follow the layout exactly is no form at all.
struct FormPart: Sendable, Equatable {
    var name: String
    var fileName: String?
    var contentType: String?
    var body: [UInt8]
    var text: String { String(decoding: body, as: UTF8.self) }

    /// The parts of `body` by name, if `contentType` is `multipart/form-data` with a boundary and
    /// the body is delimited by it, each part with a `Content-Disposition: form-data; name=`.
    static func parse(_ body: [UInt8], contentType: String) -> [String: FormPart]? {
        guard contentType.hasPrefix("multipart/form-data; boundary="),
            let boundary = contentType.split(separator: "=", maxSplits: 1).last.map(String.init), !boundary.isEmpty
        else { return nil }
        let delimiter = Array("--\(boundary)".utf8)
        var chunks = split(body, on: Array("\r\n".utf8) + delimiter)
        // The first chunk starts with the delimiter itself; the last is "--\r\n".
        guard let first = chunks.first, first.starts(with: delimiter), chunks.count >= 2, chunks.last == Array("--\r\n".utf8) else { return nil }
        chunks[0] = Array(first.dropFirst(delimiter.count))
        var parts: [String: FormPart] = [:]
        for chunk in chunks.dropLast() {
            guard chunk.starts(with: Array("\r\n".utf8)) else { return nil }
            let rest = Array(chunk.dropFirst(2))
            let halves = split(rest, on: Array("\r\n\r\n".utf8), limit: 1)
            guard halves.count == 2 else { return nil }
            var part = FormPart(name: "", body: halves[1])
            for line in String(decoding: halves[0], as: UTF8.self).components(separatedBy: "\r\n") {
                let lower = line.lowercased()
                if lower.hasPrefix("content-type: ") {
                    part.contentType = String(line.dropFirst("content-type: ".count))
                } else if lower.hasPrefix("content-disposition: form-data; ") {
                    for parameter in line.dropFirst("content-disposition: form-data; ".count).components(separatedBy: "; ") {
                        let pair = parameter.split(separator: "=", maxSplits: 1).map(String.init)
                        guard pair.count == 2, pair[1].hasPrefix("\""), pair[1].hasSuffix("\"") else { return nil }
                        let value = String(pair[1].dropFirst().dropLast())
                        if pair[0] == "name" { part.name = value } else if pair[0] == "filename" { part.fileName = value }
                    }
                } else {
                    return nil
                }
            }
            guard !part.name.isEmpty, parts[part.name] == nil else { return nil }
            parts[part.name] = part
        }
        return parts
    }

    /// `bytes` cut at each `separator` (at most `limit` times).
    static func split(_ bytes: [UInt8], on separator: [UInt8], limit: Int = .max) -> [[UInt8]] {
        var pieces: [[UInt8]] = []
        var start = 0
        var index = 0
        while index + separator.count <= bytes.count, pieces.count < limit {
            if bytes[index..<index + separator.count].elementsEqual(separator) {
                pieces.append(Array(bytes[start..<index]))
                index += separator.count
                start = index
            } else {
                index += 1
            }
        }
        pieces.append(Array(bytes[start...]))
        return pieces
    }
}

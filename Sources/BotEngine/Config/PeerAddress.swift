// SPDX-License-Identifier: Apache-2.0
import Foundation

/// The form of a snapshot endpoint's address (`shared.advertise`, `shared.peers`, and the
/// `advertise` field of a snapshot): `http://` or `https://`, a host and an optional port, and
/// nothing else: no user or password, no path (a lone `/` is dropped), no query, no fragment.
///
/// A snapshot in Redis is data anyone with write access to that key can plant; the address in it
/// is only followed when it has this form (so that a reader's `GET <address>/snapshot` cannot be
/// turned into a request to another path or with another query) and, when `shared.peers` is set,
/// when it is one of them (so that the bearer token goes only where the operator sent it).
package enum PeerAddress {
    /// `text` without a trailing `/` when it has the form of an address, else why not.
    package static func parse(_ text: String) -> Result<String, Refusal> {
        guard text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F }) else {
            return .failure(Refusal("has spaces, control characters or letters outside ASCII"))
        }
        guard let parts = URLComponents(string: text), let scheme = parts.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = parts.host, !host.isEmpty
        else {
            return .failure(Refusal("is not an http:// or https:// URL"))
        }
        if parts.user != nil || parts.password != nil { return .failure(Refusal("has a user or password")) }
        if parts.query != nil { return .failure(Refusal("has a query (?…)")) }
        if parts.fragment != nil { return .failure(Refusal("has a fragment (#…)")) }
        if !(parts.path.isEmpty || parts.path == "/") {
            return .failure(Refusal("has a path (\(parts.path)); only scheme, host and port are allowed"))
        }
        if let port = parts.port, !(1...65535).contains(port) { return .failure(Refusal("has port \(port), out of range")) }
        return .success(text.hasSuffix("/") ? String(text.dropLast()) : text)
    }

    /// Where a reader may send its token for an address it was told (`advertised`), given the
    /// configured `peers`: the configured spelling of the same address when `peers` is set, the
    /// advertised one (of the right form) when it is not.
    package static func allowed(_ advertised: String, peers: [String]) -> Result<String, Refusal> {
        let address: String
        switch parse(advertised) {
        case .success(let parsed): address = parsed
        case .failure(let refusal): return .failure(refusal)
        }
        if peers.isEmpty { return .success(address) }
        let wanted = key(address)
        guard let peer = peers.first(where: { key($0) == wanted }) else { return .failure(Refusal("is not one of shared.peers")) }
        return .success(peer)
    }

    /// What makes two addresses the same: the scheme and host in lower case and the port (the
    /// scheme's default when not written).
    static func key(_ address: String) -> String? {
        guard let parts = URLComponents(string: address), let scheme = parts.scheme?.lowercased(), let host = parts.host?.lowercased() else {
            return nil
        }
        return "\(scheme)://\(host):\(parts.port ?? (scheme == "https" ? 443 : 80))"
    }

    /// Why an address was not taken.
    package struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        /// What is wrong with it, to follow the address in a message.
        package let reason: String
        init(_ reason: String) { self.reason = reason }
        package var description: String { reason }
    }
}

// SPDX-License-Identifier: Apache-2.0
/// Where a Redis server lives and how to log in to it.
///
/// Build one directly or parse a `redis://` URL with ``init(url:)``. Use
/// ``redactedDescription`` whenever an endpoint goes into a log or an error message: it never
/// contains the password.
public struct RedisEndpoint: Sendable, Equatable {
    /// Host name or IP address (an IPv6 address without brackets).
    public var host: String
    /// TCP port; 6379 unless the URL names another.
    public var port: Int
    /// Database index selected with `SELECT` after every connect, or `nil` to keep the server's default (0).
    public var database: Int?
    /// ACL user name for `AUTH username password`, or `nil` for `AUTH password`. Ignored without a password.
    public var username: String?
    /// Password for `AUTH`, or `nil` to skip authentication.
    public var password: String?

    /// Creates an endpoint from its parts.
    public init(
        host: String,
        port: Int = 6379,
        database: Int? = nil,
        username: String? = nil,
        password: String? = nil
    ) {
        self.host = host
        self.port = port
        self.database = database
        self.username = username
        self.password = password
    }

    /// Why `rediss://` is refused and what to do instead: hiredis 0.14 speaks no TLS.
    public static let tlsAdvice =
        "rediss:// (TLS) is not supported: the bot's Redis client (hiredis 0.14) has no TLS. Run stunnel4 on the bot's host as a TLS "
        + "client of the Redis server's tls-port and point the bot at its local end with redis:// (for example redis://127.0.0.1:6380); "
        + "deploy/stunnel/ has the config and unit, docs/operations.md the steps"

    /// Parses `redis://[user[:pw]@]host[:port][/db]`; throws `RedisError(.invalidURL)`
    /// naming what is wrong. Percent-decodes user and password.
    ///
    /// An IPv6 host is written in brackets (`redis://[::1]:6379`). An empty user or password
    /// counts as absent. Error messages never repeat the password.
    public init(url: String) throws {
        let scheme = "redis://"
        guard url.hasPrefix(scheme) else {
            throw Self.invalidURL(url.hasPrefix("rediss://") ? Self.tlsAdvice : "must start with redis://")
        }
        // The user info ends at the last "@", so an unescaped "@" or "/" in a password still parses.
        var rest = Substring(url.dropFirst(scheme.count))
        var login: (username: String?, password: String?) = (nil, nil)
        if let at = rest.lastIndex(of: "@") {
            login = try Self.parseUserInfo(rest[..<at])
            rest = rest[rest.index(after: at)...]
        }
        let (hostAndPort, path) = try Self.splitPath(rest)
        let (host, port) = try Self.parseHostAndPort(hostAndPort)
        var database: Int?
        if let path, !path.isEmpty {
            guard let value = Self.decimal(path) else {
                throw Self.invalidURL("database '\(path)' is not a non-negative integer")
            }
            database = value
        }
        self.init(host: host, port: port, database: database, username: login.username, password: login.password)
    }

    private static func invalidURL(_ what: String) -> RedisError {
        RedisError(.invalidURL, "invalid Redis URL: \(what)")
    }

    /// `user[:password]`, percent-decoded; an empty user or password counts as absent.
    private static func parseUserInfo(_ userInfo: Substring) throws -> (username: String?, password: String?) {
        let user: Substring
        var pass: Substring?
        if let colon = userInfo.firstIndex(of: ":") {
            user = userInfo[..<colon]
            pass = userInfo[userInfo.index(after: colon)...]
        } else {
            user = userInfo
        }
        guard let decodedUser = percentDecode(user) else { throw invalidURL("user name has a bad percent escape") }
        var password: String?
        if let pass {
            guard let decodedPass = percentDecode(pass) else { throw invalidURL("password has a bad percent escape") }
            password = decodedPass.isEmpty ? nil : decodedPass
        }
        return (decodedUser.isEmpty ? nil : decodedUser, password)
    }

    /// `host[:port][/db]` split at the first "/"; no query string or fragment anywhere.
    private static func splitPath(_ rest: Substring) throws -> (hostAndPort: Substring, path: Substring?) {
        var hostAndPort = rest
        var path: Substring?
        if let slash = rest.firstIndex(of: "/") {
            hostAndPort = rest[..<slash]
            path = rest[rest.index(after: slash)...]
        }
        if hostAndPort.contains("?") || hostAndPort.contains("#") || path?.contains("?") == true || path?.contains("#") == true {
            throw invalidURL("query strings and fragments are not supported")
        }
        return (hostAndPort, path)
    }

    /// `host`, `host:port`, `[ipv6]` or `[ipv6]:port`; the port defaults to 6379.
    private static func parseHostAndPort(_ hostAndPort: Substring) throws -> (host: String, port: Int) {
        let host: Substring
        var portText: Substring?
        if hostAndPort.hasPrefix("[") {
            guard let close = hostAndPort.firstIndex(of: "]") else { throw invalidURL("IPv6 host is missing its closing ']'") }
            host = hostAndPort[hostAndPort.index(after: hostAndPort.startIndex)..<close]
            let after = hostAndPort[hostAndPort.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw invalidURL("unexpected text after IPv6 host") }
                portText = after.dropFirst()
            }
        } else if let colon = hostAndPort.firstIndex(of: ":") {
            host = hostAndPort[..<colon]
            portText = hostAndPort[hostAndPort.index(after: colon)...]
        } else {
            host = hostAndPort
        }
        guard !host.isEmpty else { throw invalidURL("host is missing") }
        if host.contains(where: { $0 == " " || $0 == "@" || $0 == "[" || $0 == "]" }) {
            throw invalidURL("host '\(host)' contains an invalid character")
        }
        guard let portText else { return (String(host), 6379) }
        guard let value = decimal(portText), (1...65535).contains(value) else {
            throw invalidURL("port '\(portText)' is not a number between 1 and 65535")
        }
        return (String(host), value)
    }

    /// The URL with the password replaced by "***" (for logs).
    public var redactedDescription: String {
        var text = "redis://" + Self.redactedUserInfo(username: username, hasPassword: password != nil)
        text += host.contains(":") ? "[\(host)]" : host
        text += ":\(port)"
        if let database { text += "/\(database)" }
        return text
    }

    /// `user:***@`, `user@`, `:***@` or nothing: the user info of a URL, the password masked.
    static func redactedUserInfo(username: String?, hasPassword: Bool) -> String {
        switch (username, hasPassword) {
        case (let user?, true): "\(percentEncode(user)):***@"
        case (let user?, false): "\(percentEncode(user))@"
        case (nil, true): ":***@"
        case (nil, false): ""
        }
    }

    /// Digits only, no sign, at most 9 digits (so it always fits).
    private static func decimal(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.count <= 9, text.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return nil
        }
        return Int(text)
    }

    /// Decodes `%XX` escapes; `nil` for a malformed escape or bytes that are not UTF-8.
    private static func percentDecode(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var utf8 = text.utf8[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%") {
                guard let high = utf8.popFirst().flatMap(hexValue), let low = utf8.popFirst().flatMap(hexValue)
                else { return nil }
                bytes.append(high << 4 | low)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Escapes everything but unreserved URL characters.
    private static func percentEncode(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.append(byte)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

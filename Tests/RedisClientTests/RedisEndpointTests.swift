// SPDX-License-Identifier: Apache-2.0
import RedisClient
import Testing

@Suite("RedisEndpoint URL parsing")
struct RedisEndpointTests {
    @Test("full URL with user, percent-encoded password, port and database")
    func parsesFullURL() throws {
        let endpoint = try RedisEndpoint(url: "redis://alice:s%40cret%2Fpw%3A1@cache.example:6380/3")
        #expect(endpoint.host == "cache.example")
        #expect(endpoint.port == 6380)
        #expect(endpoint.database == 3)
        #expect(endpoint.username == "alice")
        #expect(endpoint.password == "s@cret/pw:1")
    }

    @Test("host only gets the defaults")
    func parsesMinimalURL() throws {
        let endpoint = try RedisEndpoint(url: "redis://localhost")
        #expect(endpoint == RedisEndpoint(host: "localhost"))
        #expect(endpoint.port == 6379)
        #expect(endpoint.database == nil)
        #expect(endpoint.username == nil)
        #expect(endpoint.password == nil)
        #expect(try RedisEndpoint(url: "redis://localhost/") == RedisEndpoint(host: "localhost"))
    }

    @Test("password without user name, and user name without password")
    func parsesPartialUserInfo() throws {
        let passwordOnly = try RedisEndpoint(url: "redis://:pw@127.0.0.1:7000")
        #expect(passwordOnly.username == nil)
        #expect(passwordOnly.password == "pw")
        #expect(passwordOnly.port == 7000)

        let userOnly = try RedisEndpoint(url: "redis://bob@127.0.0.1")
        #expect(userOnly.username == "bob")
        #expect(userOnly.password == nil)
    }

    @Test("unescaped @ in a password still parses (user info ends at the last @)")
    func parsesUnescapedAt() throws {
        let endpoint = try RedisEndpoint(url: "redis://u:p@ss@h:1/0")
        #expect(endpoint.password == "p@ss")
        #expect(endpoint.host == "h")
        #expect(endpoint.database == 0)
    }

    @Test("bracketed IPv6 host")
    func parsesIPv6() throws {
        let endpoint = try RedisEndpoint(url: "redis://[::1]:7001/2")
        #expect(endpoint.host == "::1")
        #expect(endpoint.port == 7001)
        #expect(endpoint.database == 2)
        #expect(endpoint.redactedDescription == "redis://[::1]:7001/2")
    }

    @Test(
        "bad URLs throw invalidURL",
        arguments: [
            "http://localhost",
            "rediss://localhost",
            "localhost:6379",
            "redis://",
            "redis://:pw@",
            "redis://:6379",
            "redis://host:0",
            "redis://host:65536",
            "redis://host:abc",
            "redis://host:",
            "redis://host:-1",
            "redis://host/x",
            "redis://host/-1",
            "redis://host/1/2",
            "redis://host?db=1",
            "redis://host/1#frag",
            "redis://[::1",
            "redis://[::1]x",
            "redis://u:bad%zzescape@host",
            "redis://u:bad%4@host",
        ]
    )
    func rejectsBadURL(_ url: String) {
        let error = #expect(throws: RedisError.self) { try RedisEndpoint(url: url) }
        #expect(error?.code == .invalidURL)
        #expect(error?.message.isEmpty == false)
    }

    @Test("parse errors name the problem and never echo the password")
    func errorMessages() {
        let badPort = #expect(throws: RedisError.self) { try RedisEndpoint(url: "redis://u:hunter2@host:99999") }
        #expect(badPort?.message.contains("port") == true)
        #expect(badPort?.message.contains("hunter2") == false)
        #expect(badPort?.description.contains("invalidURL") == true)

        let badDatabase = #expect(throws: RedisError.self) { try RedisEndpoint(url: "redis://:hunter2@host/abc") }
        #expect(badDatabase?.message.contains("database") == true)
        #expect(badDatabase?.message.contains("hunter2") == false)

        let badScheme = #expect(throws: RedisError.self) { try RedisEndpoint(url: "http://:hunter2@host") }
        #expect(badScheme?.message.contains("redis://") == true)
        #expect(badScheme?.message.contains("hunter2") == false)
    }

    @Test("redactedDescription hides the password")
    func redaction() throws {
        let full = try RedisEndpoint(url: "redis://alice:hunter2@h:6380/2")
        #expect(full.redactedDescription == "redis://alice:***@h:6380/2")

        let passwordOnly = try RedisEndpoint(url: "redis://:hunter2@h")
        #expect(passwordOnly.redactedDescription == "redis://:***@h:6379")

        #expect(RedisEndpoint(host: "h").redactedDescription == "redis://h:6379")
        #expect(RedisEndpoint(host: "h", username: "u").redactedDescription == "redis://u@h:6379")

        // The redacted URL parses back to the same endpoint apart from the password.
        let reparsed = try RedisEndpoint(url: full.redactedDescription)
        #expect(reparsed.host == full.host && reparsed.port == full.port && reparsed.database == full.database)
        #expect(reparsed.username == "alice")
    }
}

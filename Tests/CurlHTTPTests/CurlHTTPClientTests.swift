// SPDX-License-Identifier: Apache-2.0
import BlockingIO
import CurlHTTP
import Foundation
import Testing

@Suite("CurlHTTPClient against an in-process Hummingbird server")
struct CurlHTTPClientTests {
    private func decodeEcho(_ response: HTTPResponse) throws -> EchoReply {
        try JSONDecoder().decode(EchoReply.self, from: Data(response.body))
    }

    @Test("GET sends headers and query string, returns headers")
    func getWithHeadersAndQuery() async throws {
        try await TestServer.with { port in
            let client = CurlHTTPClient()
            let response = try await client.execute(
                HTTPRequest(
                    url: "http://127.0.0.1:\(port)/echo?a=1&b=two%20words",
                    headers: [HTTPHeader("X-Test", "hello"), HTTPHeader("X-Empty", "")], timeout: .seconds(60)
                ))
            #expect(response.status == 200)
            #expect(response.header("CONTENT-TYPE")?.hasPrefix("application/json") == true)
            let echo = try decodeEcho(response)
            #expect(echo.method == "GET")
            #expect(echo.path == "/echo")
            #expect(echo.query == "a=1&b=two%20words")
            #expect(echo.values("x-test") == ["hello"])
            #expect(echo.values("x-empty") == [""])
            #expect(echo.values("user-agent") == ["redgreen-bot"])
            #expect(echo.values("expect").isEmpty)
            #expect(echo.values("accept-encoding").first?.contains("gzip") == true)
            #expect(echo.body.isEmpty)
        }
    }

    @Test("a User-Agent header in the request replaces the client's")
    func userAgentOverride() async throws {
        try await TestServer.with { port in
            let client = CurlHTTPClient(userAgent: "default-agent")
            let plain = try decodeEcho(try await client.execute(HTTPRequest(url: "http://127.0.0.1:\(port)/echo", timeout: .seconds(60))))
            #expect(plain.values("user-agent") == ["default-agent"])
            let custom = try decodeEcho(
                try await client.execute(
                    HTTPRequest(
                        url: "http://127.0.0.1:\(port)/echo",
                        headers: [HTTPHeader("user-agent", "custom/1.0")], timeout: .seconds(60)
                    )))
            #expect(custom.values("user-agent") == ["custom/1.0"])
        }
    }

    @Test("POST round-trips a binary body with NUL bytes")
    func postBinaryBody() async throws {
        try await TestServer.with { port in
            let client = CurlHTTPClient()
            var generator = SystemRandomNumberGenerator()
            let small: [UInt8] = [0x00, 0x01, 0x00, 0xff, 0x0d, 0x0a, 0x00]
            let large = (0..<200_000).map { _ in UInt8.random(in: 0...255, using: &generator) } + [0]
            for body in [small, large] {
                let response = try await client.execute(
                    HTTPRequest(
                        method: .post,
                        url: "http://127.0.0.1:\(port)/echo",
                        headers: [HTTPHeader("Content-Type", "application/octet-stream")],
                        body: body, timeout: .seconds(60)
                    ))
                #expect(response.status == 200)
                let echo = try decodeEcho(response)
                #expect(echo.method == "POST")
                #expect(echo.body == body)
                #expect(echo.values("content-length") == ["\(body.count)"])
                #expect(echo.values("content-type") == ["application/octet-stream"])
                #expect(echo.values("expect").isEmpty)
            }
        }
    }

    @Test("POST without a body sends an empty one, without curl's form content type")
    func postWithoutBody() async throws {
        try await TestServer.with { port in
            let response = try await CurlHTTPClient().execute(HTTPRequest(method: .post, url: "http://127.0.0.1:\(port)/echo", timeout: .seconds(60)))
            let echo = try decodeEcho(response)
            #expect(echo.method == "POST")
            #expect(echo.body.isEmpty)
            #expect(echo.values("content-length") == ["0"])
            #expect(echo.values("content-type").isEmpty)
        }
    }

    @Test("error statuses are responses, with headers and body readable")
    func errorStatusesAreResponses() async throws {
        try await TestServer.with { port in
            let client = CurlHTTPClient()
            let serverError = try await client.execute(HTTPRequest(url: "http://127.0.0.1:\(port)/status/500", timeout: .seconds(60)))
            #expect(serverError.status == 500)
            #expect(String(decoding: serverError.body, as: UTF8.self) == "boom")
            let limited = try await client.execute(HTTPRequest(url: "http://127.0.0.1:\(port)/status/429", timeout: .seconds(60)))
            #expect(limited.status == 429)
            #expect(limited.header("retry-after") == "7")
            #expect(limited.header("Retry-After") == "7")
            #expect(String(decoding: limited.body, as: UTF8.self) == "slow down")
            let missing = try await client.execute(HTTPRequest(url: "http://127.0.0.1:\(port)/nowhere", timeout: .seconds(60)))
            #expect(missing.status == 404)
        }
    }

    @Test("a gzip-encoded body is decompressed")
    func gzipDecoded() async throws {
        try await TestServer.with { port in
            let response = try await CurlHTTPClient().execute(HTTPRequest(url: "http://127.0.0.1:\(port)/gzip", timeout: .seconds(60)))
            #expect(response.status == 200)
            #expect(String(decoding: response.body, as: UTF8.self) == "hello hello hello hello\n")
        }
    }

    @Test("the total timeout gives .timeout, names the URL without its query, and the client recovers")
    func totalTimeout() async throws {
        try await TestServer.with { port in
            let client = CurlHTTPClient()
            let clock = ContinuousClock()
            let start = clock.now
            let error = try await #require(throws: HTTPClientError.self) {
                try await client.execute(
                    HTTPRequest(
                        url: "http://127.0.0.1:\(port)/slow?ms=120000&secret=s3cr3t",
                        timeout: .milliseconds(300)
                    ))
            }
            let elapsed = clock.now - start
            #expect(error.code == .timeout)
            // Long before the server would answer (120 s): the timeout cut it short, not the reply.
            #expect(elapsed < .seconds(60), "took \(elapsed)")
            #expect(error.message.contains("GET http://127.0.0.1:\(port)/slow"))
            #expect(!error.message.contains("s3cr3t"))
            #expect(error.message.lowercased().contains("timed out"), "\(error.message)")
            #expect(error.description.hasPrefix("timeout: "))

            let after = try await client.execute(HTTPRequest(url: "http://127.0.0.1:\(port)/echo", timeout: .seconds(60)))
            #expect(after.status == 200)
        }
    }

    @Test("a refused connection gives .connectFailed")
    func connectionRefused() async throws {
        let closed = try ClosedPort()
        let error = try await #require(throws: HTTPClientError.self) {
            try await CurlHTTPClient().execute(HTTPRequest(url: "http://user:pw@127.0.0.1:\(closed.port)/x?token=abc", timeout: .seconds(60)))
        }
        #expect(error.code == .connectFailed)
        #expect(error.message.contains("GET http://127.0.0.1:\(closed.port)/x"), "\(error.message)")
        #expect(!error.message.contains("token=abc"))
        #expect(!error.message.contains("pw"))
        withExtendedLifetime(closed) {}
    }

    @Test(
        "unsupported schemes and malformed URLs give .invalidURL",
        arguments: [
            "ftp://127.0.0.1/file",
            "file:///etc/passwd",
            "",
            "http://[::1/",
        ])
    func invalidURL(url: String) async throws {
        let error = try await #require(throws: HTTPClientError.self) {
            try await CurlHTTPClient().execute(HTTPRequest(url: url, timeout: .seconds(60)))
        }
        #expect(error.code == .invalidURL, "\(error)")
    }

    @Test("a body over maxResponseBytes gives .tooLarge, with or without Content-Length")
    func tooLarge() async throws {
        try await TestServer.with { port in
            let client = CurlHTTPClient(maxResponseBytes: 10_000)
            for chunked in ["", "&chunked=1"] {
                let fits = try await client.execute(HTTPRequest(url: "http://127.0.0.1:\(port)/large?bytes=10000\(chunked)", timeout: .seconds(60)))
                #expect(fits.status == 200)
                #expect(fits.body.count == 10_000)
                let error = try await #require(throws: HTTPClientError.self) {
                    try await client.execute(HTTPRequest(url: "http://127.0.0.1:\(port)/large?bytes=10001\(chunked)", timeout: .seconds(60)))
                }
                #expect(error.code == .tooLarge, "\(error)")
            }
            let after = try await client.execute(HTTPRequest(url: "http://127.0.0.1:\(port)/echo", timeout: .seconds(60)))
            #expect(after.status == 200)
        }
    }

    @Test("the default limit accepts a multi-megabyte body")
    func largeBodyWithinDefaultLimit() async throws {
        try await TestServer.with { port in
            let response = try await CurlHTTPClient().execute(HTTPRequest(url: "http://127.0.0.1:\(port)/large?bytes=3000000&chunked=1", timeout: .seconds(60)))
            #expect(response.status == 200)
            #expect(response.body.count == 3_000_000)
            #expect(response.body.allSatisfy { $0 == UInt8(ascii: "x") })
        }
    }

    @Test("sequential requests reuse one connection")
    func connectionReuse() async throws {
        try await TestServer.with { port in
            let client = CurlHTTPClient()
            var clientPorts: Set<Int> = []
            for index in 0..<25 {
                let request =
                    index.isMultiple(of: 2)
                    ? HTTPRequest(url: "http://127.0.0.1:\(port)/echo?i=\(index)", timeout: .seconds(60))
                    : HTTPRequest(method: .post, url: "http://127.0.0.1:\(port)/echo", body: Array("n\(index)".utf8), timeout: .seconds(60))
                let response = try await client.execute(request)
                #expect(response.status == 200)
                let echo = try decodeEcho(response)
                #expect(echo.clientPort > 0)
                clientPorts.insert(echo.clientPort)
            }
            #expect(clientPorts.count == 1, "connections used: \(clientPorts.sorted())")
        }
    }

    @Test("concurrent calls on one client queue up and all succeed")
    func concurrentCalls() async throws {
        try await TestServer.with { port in
            let client = CurlHTTPClient()
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        try await client.execute(HTTPRequest(url: "http://127.0.0.1:\(port)/echo?i=\(index)", timeout: .seconds(60))).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 200, count: 8))
        }
    }

    @Test("cancelling a slow request returns promptly, aborts the transfer, and the client recovers")
    func cancellation() async throws {
        try await TestServer.with { port in
            let client = CurlHTTPClient()
            let clock = ContinuousClock()
            let task = Task {
                try await client.execute(HTTPRequest(url: "http://127.0.0.1:\(port)/slow?ms=120000", timeout: .seconds(180)))
            }
            try await Task.sleep(for: .milliseconds(300))
            let start = clock.now
            task.cancel()
            let outcome = await task.result
            #expect(clock.now - start < .seconds(60), "cancellation did not return before the server answered")
            switch outcome {
            case .success(let response):
                Issue.record("expected cancellation, got status \(response.status)")
            case .failure(let error):
                let cancelled = error is CancellationError || (error as? HTTPClientError)?.code == .cancelled
                #expect(cancelled, "\(error)")
            }
            // The aborted transfer must free the handle long before the server's 120 s are up: a
            // handle still busy with it would hold this request past its timeout.
            let after = try await client.execute(HTTPRequest(url: "http://127.0.0.1:\(port)/echo", timeout: .seconds(60)))
            #expect(after.status == 200)
        }
    }

    @Test("a client sharing another's thread makes its requests there: that thread's next job waits for the answer")
    func sharingAThread() async throws {
        try await TestServer.with { port in
            let thread = BlockingExecutor(label: "shared")
            let client = CurlHTTPClient(sharing: thread)
            let request = Task { try await client.execute(HTTPRequest(url: "http://127.0.0.1:\(port)/hold?ms=1500", timeout: .seconds(120))) }
            let deadline = ContinuousClock.now + .seconds(120)
            while !HoldState.shared.arrived, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
            #expect(HoldState.shared.arrived)
            // On a thread of the client's own, this would run at once, while the server holds the request.
            let answeredFirst = try await thread.run { HoldState.shared.answered }
            #expect(answeredFirst, "the thread ran a job while its client's request was in flight")
            #expect(try await request.value.status == 200)
        }
    }

    @Test("a task cancelled before the call never starts the transfer")
    func cancelledBeforeStart() async throws {
        try await TestServer.with { port in
            let client = CurlHTTPClient()
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await client.execute(HTTPRequest(url: "http://127.0.0.1:\(port)/slow?ms=20000", timeout: .seconds(60)))
            }
            await #expect(throws: CancellationError.self) { try await task.value }
            let after = try await client.execute(HTTPRequest(url: "http://127.0.0.1:\(port)/echo", timeout: .seconds(30)))
            #expect(after.status == 200)
        }
    }

    @Test("header fields with line breaks are refused")
    func headerInjectionRefused() async throws {
        let error = try await #require(throws: HTTPClientError.self) {
            try await CurlHTTPClient().execute(
                HTTPRequest(
                    url: "http://127.0.0.1:1/",
                    headers: [HTTPHeader("X-Evil", "a\r\nHost: elsewhere")], timeout: .seconds(60)
                ))
        }
        #expect(error.code == .other)
    }
}

@Suite("HTTPResponse and HTTPClientError values")
struct ValueTypeTests {
    @Test("header lookup is case-insensitive and the last value wins")
    func headerLookup() {
        let response = HTTPResponse(
            status: 200,
            headers: [
                HTTPHeader("Set-Thing", "first"),
                HTTPHeader("Other", "x"),
                HTTPHeader("set-thing", "second"),
            ], body: [])
        #expect(response.header("SET-THING") == "second")
        #expect(response.header("other") == "x")
        #expect(response.header("missing") == nil)
    }

    @Test("error codes are distinct and describe themselves")
    func errorCodes() {
        let codes: [HTTPClientError.Code] = [
            .timeout, .connectFailed, .resolveFailed, .connectionReset, .invalidURL, .tooLarge, .cancelled, .other,
        ]
        #expect(Set(codes).count == codes.count)
        let error = HTTPClientError(code: .tooLarge, message: "GET http://h/x: too big")
        #expect(error.description == "tooLarge: GET http://h/x: too big")
    }
}

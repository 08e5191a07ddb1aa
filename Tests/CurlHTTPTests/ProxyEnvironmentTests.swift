// SPDX-License-Identifier: Apache-2.0
import CurlHTTP
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Proxy variables are process-wide, so the check runs in its own child process (an exit test):
/// setting them here could not disturb other tests running in parallel.
///
/// The child starts its own test server: while an exit test runs, the parent's test process
/// may have its cooperative threads busy waiting for the child, so a server in the parent
/// could be too starved to answer.
@Suite("proxy settings come from the environment")
struct ProxyEnvironmentTests {
    @Test("http_proxy is honoured, and no_proxy bypasses it")
    func httpProxyFromEnvironment() async {
        await #expect(processExitsWith: .success) {
            // The exit code says which step failed (the parent reports it); stderr says more.
            func fail(_ step: Int32, _ message: String) -> Never {
                let line = "proxy check failed: \(message)\n"
                _ = line.withCString { write(STDERR_FILENO, $0, strlen($0)) }
                exit(step)
            }
            for name in [
                "http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY",
                "no_proxy", "NO_PROXY",
            ] {
                unsetenv(name)
            }
            do {
                try await TestServer.with { port in
                    let url = "http://127.0.0.1:\(port)/echo"

                    // Direct: the server answers.
                    let direct = try await CurlHTTPClient().execute(HTTPRequest(url: url, timeout: .seconds(30)))
                    guard direct.status == 200 else { fail(10, "direct request got \(direct.status)") }

                    // Through a proxy that refuses connections: the request fails at the proxy.
                    let proxy = try ClosedPort()
                    setenv("http_proxy", "http://127.0.0.1:\(proxy.port)", 1)
                    do {
                        let response = try await CurlHTTPClient().execute(HTTPRequest(url: url, timeout: .seconds(30)))
                        fail(11, "request ignored http_proxy and got \(response.status)")
                    } catch let error as HTTPClientError {
                        guard error.code == .connectFailed else { fail(12, "expected connectFailed, got \(error)") }
                        guard error.message.contains("port \(proxy.port)") else { fail(13, "not the proxy's port: \(error)") }
                    }

                    // The target listed in no_proxy: direct again.
                    setenv("no_proxy", "127.0.0.1", 1)
                    let bypassed = try await CurlHTTPClient().execute(HTTPRequest(url: url, timeout: .seconds(30)))
                    guard bypassed.status == 200 else { fail(14, "no_proxy request got \(bypassed.status)") }
                    withExtendedLifetime(proxy) {}
                }
            } catch {
                fail(15, "unexpected error: \(error)")
            }
            exit(EXIT_SUCCESS)
        }
    }
}

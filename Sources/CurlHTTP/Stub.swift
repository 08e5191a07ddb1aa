// TEMPORARY stub so BotEngine compiles while the real client lands on branch curl-http.
public struct HTTPHeader: Sendable, Equatable { public var name: String; public var value: String; public init(_ name: String, _ value: String) { self.name = name; self.value = value } }
public struct HTTPRequest: Sendable {
    public enum Method: String, Sendable { case get = "GET", post = "POST" }
    public var method: Method; public var url: String; public var headers: [HTTPHeader]; public var body: [UInt8]?; public var connectTimeout: Duration; public var timeout: Duration
    public init(method: Method = .get, url: String, headers: [HTTPHeader] = [], body: [UInt8]? = nil, connectTimeout: Duration = .seconds(5), timeout: Duration = .seconds(10)) { self.method = method; self.url = url; self.headers = headers; self.body = body; self.connectTimeout = connectTimeout; self.timeout = timeout }
}
public struct HTTPResponse: Sendable { public var status: Int; public var headers: [HTTPHeader]; public var body: [UInt8]
    public func header(_ name: String) -> String? { nil }
    public init(status: Int, headers: [HTTPHeader], body: [UInt8]) { self.status = status; self.headers = headers; self.body = body } }
public struct HTTPClientError: Error, Sendable, CustomStringConvertible {
    public struct Code: Sendable, Hashable { let raw: Int; public static let timeout = Code(raw: 0), connectFailed = Code(raw: 1), resolveFailed = Code(raw: 2), connectionReset = Code(raw: 3), invalidURL = Code(raw: 4), tooLarge = Code(raw: 5), cancelled = Code(raw: 6), other = Code(raw: 7) }
    public var code: Code; public var message: String; public var description: String { message }
}
public final class CurlHTTPClient: Sendable {
    public init(userAgent: String = "redgreen-bot", maxResponseBytes: Int = 8 << 20) {}
    public func execute(_ request: HTTPRequest) async throws -> HTTPResponse { fatalError() }
}

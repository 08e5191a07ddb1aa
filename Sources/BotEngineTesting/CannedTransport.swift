import BotEngine
import CurlHTTP
import Synchronization

/// An HTTP transport that answers every request with the same response, and keeps the requests:
/// a chat or game API whose answer a test or a fuzz target chooses, without a server.
public final class CannedTransport: HTTPTransport {
    /// The answer to every request.
    public let response: HTTPResponse
    private let requests = Mutex<[HTTPRequest]>([])

    /// A transport answering `response`.
    public init(response: HTTPResponse) {
        self.response = response
    }

    /// A transport answering `status` with `headers` (name, value) and `body`.
    public convenience init(status: Int, headers: [(String, String)] = [], body: String = "") {
        self.init(response: HTTPResponse(status: status, headers: headers.map { HTTPHeader($0.0, $0.1) }, body: Array(body.utf8)))
    }

    public func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        requests.withLock { $0.append(request) }
        return response
    }

    /// How many requests it answered.
    public var requestCount: Int { requests.withLock { $0.count } }

    /// The URLs requested, in order.
    public var urls: [String] { requests.withLock { $0.map(\.url) } }
}

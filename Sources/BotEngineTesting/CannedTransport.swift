// SPDX-License-Identifier: Apache-2.0
import BotEngine
import CurlHTTP
import Synchronization

/// An HTTP transport that answers every request with the same response (or the one `answer`
/// makes for the request's index), and keeps the requests: a chat or game API, or a peer, whose
/// answer a test or a fuzz target chooses, without a server.
package final class CannedTransport: HTTPTransport {
    /// The answer to every request.
    package let response: HTTPResponse
    private let answer: (@Sendable (Int) -> HTTPResponse)?
    private let requests = Mutex<[HTTPRequest]>([])

    /// A transport answering `response`.
    package init(response: HTTPResponse) {
        self.response = response
        self.answer = nil
    }

    /// A transport answering the request of each index (0, 1, …) with what `answer` makes of it.
    package init(answer: @escaping @Sendable (Int) -> HTTPResponse) {
        self.response = answer(0)
        self.answer = answer
    }

    /// A transport answering `status` with `headers` (name, value) and `body`.
    package convenience init(status: Int, headers: [(String, String)] = [], body: String = "") {
        self.init(response: HTTPResponse(status: status, headers: headers.map { HTTPHeader($0.0, $0.1) }, body: Array(body.utf8)))
    }

    package func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        let index = requests.withLock { requests in
            requests.append(request)
            return requests.count - 1
        }
        return answer?(index) ?? response
    }

    /// The requests made, in order.
    package var made: [HTTPRequest] { requests.withLock { $0 } }

    /// How many requests it answered.
    package var requestCount: Int { requests.withLock { $0.count } }

    /// The URLs requested, in order.
    package var urls: [String] { requests.withLock { $0.map(\.url) } }
}

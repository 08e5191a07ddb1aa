// SPDX-License-Identifier: Apache-2.0
/// Builds the ``HTTPClientError`` of one request: its message names the method and the URL,
/// stripped of anything that may be secret (query string, fragment, user info). The URL is
/// redacted only when an error is built, not for every request.
struct RequestFailure {
    let method: String
    let url: String

    init(request: HTTPRequest) {
        method = request.method.rawValue
        url = request.url
    }

    func error(_ code: HTTPClientError.Code, _ text: String) -> HTTPClientError {
        HTTPClientError(code: code, message: "\(method) \(Self.redacted(url)): \(text)")
    }

    /// `url` without query string, fragment, and `user:password@`.
    static func redacted(_ url: String) -> String {
        var url = Substring(url)
        if let end = url.firstIndex(where: { $0 == "?" || $0 == "#" }) {
            url = url[..<end]
        }
        if let scheme = url.firstRange(of: "://") {
            let authorityStart = scheme.upperBound
            let authorityEnd = url[authorityStart...].firstIndex(of: "/") ?? url.endIndex
            if let at = url[authorityStart..<authorityEnd].lastIndex(of: "@") {
                url = url[..<authorityStart] + url[url.index(after: at)...]
            }
        }
        return String(url)
    }
}

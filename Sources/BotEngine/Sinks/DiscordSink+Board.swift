import CurlHTTP

/// The board's requests go over the trend picture's client, never in the way of the messages.
extension DiscordSink: LiveBoardSink {
    /// From the sink's `board:` config.
    public var board: BoardSettings? { settings.board }

    /// The webhook message posted with `?wait=true`; the id is the answer's `id`.
    public func postBoard(_ text: String) async throws -> String {
        try await waitForBucket()
        let response = try await pictureHTTP.postJSON(waitURL, body: HTTPSinkClient.encode(Message(content: text, username: settings.username)))
        try check(response)
        guard case .string(let id) = HTTPSinkClient.jsonObject(response)?["id"] else {
            throw SinkError(.transient, "Discord posted the board but its answer has no message id")
        }
        return id
    }

    /// `PATCH /webhooks/{id}/{token}/messages/{message_id}`: 404 (deleted in the channel) is false.
    public func editBoard(_ id: String, text: String) async throws -> Bool {
        // An id that is no Discord snowflake (a store written by hand) names no board.
        guard !id.isEmpty, id.allSatisfy(\.isASCII), id.allSatisfy(\.isNumber) else { return false }
        try await waitForBucket()
        let response = try await pictureHTTP.send(
            .patch, messageURL(id), body: HTTPSinkClient.encode(Message(content: text)), contentType: "application/json")
        if response.status == 404 { return false }
        try check(response)
        return true
    }

    /// Webhook messages cannot be pinned: `board: true` on Discord never asks for it.
    public func pinBoard(_ id: String) async throws {}

    /// The webhook URL of message `id`, its query (a thread) kept.
    func messageURL(_ id: String) -> String {
        let url = settings.webhookURL.value
        guard let mark = url.firstIndex(of: "?") else { return url + "/messages/" + id }
        return url[..<mark] + "/messages/" + id + url[mark...]
    }
}

// SPDX-License-Identifier: Apache-2.0
import CurlHTTP

extension BotAssembly {
    /// The game API of `config` over libcurl, without retries: one request, for commands that ask once
    /// (`redgreen-bot trend`).
    package static func gameAPI(config: BotConfig) -> any GameAPI {
        let agent = userAgent(for: config)
        return HTTPGameAPI(settings: config.upstream, transport: CurlHTTPClient(userAgent: agent), userAgent: agent)
    }
}

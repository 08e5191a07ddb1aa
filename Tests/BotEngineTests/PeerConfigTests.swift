// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotSupport
import Testing

/// `shared.advertise`, `shared.peers` and `shared.peer_token_env` (issue 15, item 4): valid
/// values are taken, bad ones refused naming the key.
@Suite struct PeerConfigTests {
    static let base = "locale: en\nrole: master\nupstream:\n  url: http://127.0.0.1:8080/api/draws\nmetrics:\n  listen: 0.0.0.0:9464\n"

    func parse(_ yaml: String, env: [String: String] = [:]) throws(FileError) -> BotConfig {
        try BotConfig.parse(yaml: yaml, file: "Config/test.yaml", environment: env)
    }

    @Test func theKeysAreTaken() throws {
        let config = try parse(
            Self.base
                + "shared:\n  advertise: http://10.0.0.5:9464/\n  peers:\n    - http://10.0.0.5:9464\n    - https://10.0.0.6:9464\n  peer_token_env: PEER_TOKEN\n",
            env: ["PEER_TOKEN": "s3cret"]
        )
        #expect(config.shared.advertise == "http://10.0.0.5:9464")
        #expect(config.shared.peers == ["http://10.0.0.5:9464", "https://10.0.0.6:9464"])
        #expect(config.shared.peerTokenEnv == "PEER_TOKEN")
        #expect(config.shared.peerToken?.value == "s3cret")
        #expect("\(config.shared.peerToken!)" == "***")
        let none = try parse(Self.base)
        #expect(none.shared.advertise == nil && none.shared.peers.isEmpty && none.shared.peerToken == nil)
    }

    static let bad: [BadConfig] = [
        BadConfig(yaml: base + "shared:\n  advertise: 10.0.0.5:9464\n", key: "shared.advertise", code: .invalidValue, mentions: "http://"),
        BadConfig(yaml: base + "shared:\n  advertise: http://\n", key: "shared.advertise", code: .invalidValue, mentions: "http://"),
        BadConfig(
            yaml: "locale: en\nrole: master\nupstream:\n  url: http://127.0.0.1:8080/api/draws\nshared:\n  advertise: http://10.0.0.5:9464\n",
            key: "shared.advertise", code: .invalidValue, mentions: "metrics.listen"),
        BadConfig(
            yaml: base + "shared:\n  peers:\n    - http://10.0.0.5:9464\n    - redis://10.0.0.6:6379\n", key: "shared.peers[1]", code: .invalidValue,
            mentions: "redis://10.0.0.6"),
        BadConfig(yaml: base + "shared:\n  peers: http://10.0.0.5:9464\n", key: "shared.peers", code: .wrongType),
        // Scheme, host and port only (issue 27): readers take only addresses of that form from snapshots.
        BadConfig(
            yaml: base + "shared:\n  advertise: \"http://host/internal/admin?delete=all&x=\"\n", key: "shared.advertise", code: .invalidValue,
            mentions: "has a query"),
        BadConfig(
            yaml: base + "shared:\n  advertise: \"http://10.0.0.5:9464?x=1\"\n", key: "shared.advertise", code: .invalidValue, mentions: "query"),
        BadConfig(
            yaml: base + "shared:\n  advertise: \"http://10.0.0.5:9464/#top\"\n", key: "shared.advertise", code: .invalidValue, mentions: "fragment"),
        BadConfig(
            yaml: base + "shared:\n  peers:\n    - http://me:pw@10.0.0.5:9464\n", key: "shared.peers[0]", code: .invalidValue,
            mentions: "user or password"),
        BadConfig(
            yaml: base + "shared:\n  peers:\n    - http://10.0.0.5:9464/snapshot\n", key: "shared.peers[0]", code: .invalidValue, mentions: "path"),
        BadConfig(yaml: base + "shared:\n  peer_token_env: PEER_TOKEN\n", key: "shared.peer_token_env", code: .missingKey, mentions: "PEER_TOKEN"),
    ]

    @Test(arguments: bad) func badValuesNameTheKey(_ bad: BadConfig) {
        let error = #expect(throws: FileError.self) { try parse(bad.yaml, env: ["PEER_TOKEN": ""]) }
        #expect(error?.file == "Config/test.yaml")
        #expect(error?.key == bad.key)
        #expect(error?.code == bad.code)
        #expect(bad.mentions.isEmpty || error?.description.contains(bad.mentions) == true, "\(String(describing: error))")
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotSupport
extension MetricsSettings {
    mutating func apply(_ tree: YAMLTree) throws(FileError) {
        let keys = try tree.mapping(allowed: ["listen"])
        if let listen = keys["listen"], !listen.isNull {
            let text = try listen.nonEmptyString()
            guard let address = ListenAddress(text) else {
                throw listen.error(.invalidValue, "expected host:port such as 127.0.0.1:9464 or [::1]:9464, got '\(text)'")
            }
            self.listen = address
        }
    }
}

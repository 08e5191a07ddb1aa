// SPDX-License-Identifier: Apache-2.0
import BotSupport
extension LogSettings {
    mutating func apply(_ tree: YAMLTree) throws(FileError) {
        let keys = try tree.mapping(allowed: ["summary_interval"])
        if let interval = keys["summary_interval"] { summaryInterval = try interval.duration(atLeast: .seconds(1)) }
    }
}

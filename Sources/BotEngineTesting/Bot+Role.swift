// SPDX-License-Identifier: Apache-2.0
import BotEngine

extension Bot.Role {
    /// The master service, if the bot is a master.
    package var master: MasterService? {
        guard case .master(let master) = self else { return nil }
        return master
    }

    /// The reader service, if the bot is a reader.
    package var reader: ReaderService? {
        guard case .reader(let reader) = self else { return nil }
        return reader
    }
}

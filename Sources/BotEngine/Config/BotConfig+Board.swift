// SPDX-License-Identifier: Apache-2.0
import BotLocalization
import BotSupport
extension BotConfig {
    /// A sink that asks for a live board when `bundle` has no `messages.board` to fill it: an error
    /// naming the config, the sink and the key; nil when every board can be shown.
    func boardProblem(bundle: LocaleBundle) -> FileError? {
        guard bundle.boardTemplate == nil, let index = sinks.firstIndex(where: { $0.board != nil }) else { return nil }
        return FileError(
            .missingKey, file: file, key: "sinks[\(index)].board",
            "the sink '\(sinks[index].name)' keeps a live board, but \(bundle.file) has no messages.board to fill it; add messages.board to the locale or remove board: from the sink"
        )
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotEngine
import Foundation

/// The demo's trend picture, a sink that posts no messages: the master's writes the picture of
/// the draws so far to a file after every draw, so `make demo` shows what the chat sinks' `trend:`
/// would post; every bot's prints its locale's caption every `captionEvery` draws.
struct DemoTrendFile: PictureSink {
    /// Where the picture is written; nil: it is not.
    let path: String?
    /// Printed ahead of the caption (the locale's log prefix); nil: the caption is not printed.
    let captionPrefix: String?
    let name: String
    let captionLimit = 4096
    let trend: TrendSettings?

    /// The master's picture file, written after every draw.
    init(path: String) {
        self.init(path: path, captionPrefix: nil, every: 1)
    }

    /// A bot's caption, printed with `prefix` every `every` draws.
    init(captionPrefix prefix: String, every: Int) {
        self.init(path: nil, captionPrefix: prefix, every: every)
    }

    private init(path: String?, captionPrefix: String?, every: Int) {
        self.path = path
        self.captionPrefix = captionPrefix
        self.name = path == nil ? "trend-caption" : "trend-file"
        var settings = TrendSettings()
        settings.every = every
        self.trend = settings
    }

    func send(_ text: String, of post: Post) async throws {}

    func sendPicture(_ png: [UInt8], caption: String, of post: Post) async throws {
        if let captionPrefix, !caption.isEmpty {
            ConsoleOutput.standardOutput.writeIfOpen("\(captionPrefix) 🖼 \(caption)\n")
        }
        guard let path else { return }
        do {
            try OutputFile.write(png, to: path, atomically: true)
        } catch {
            throw SinkError(.permanent, "the trend picture: \(error)")
        }
    }
}

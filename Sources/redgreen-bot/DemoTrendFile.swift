import BotEngine
import Foundation

/// The demo's trend picture: a sink of the master bot that writes the picture of the draws so far
/// to a file after every draw (and posts no messages), so `make demo` shows what the chat sinks'
/// `trend:` would post.
struct DemoTrendFile: PictureSink {
    let path: String
    let name = "trend-file"
    let captionLimit = 4096
    let trend: TrendSettings?

    init(path: String) {
        self.path = path
        var settings = TrendSettings()
        settings.every = 1
        self.trend = settings
    }

    func send(_ text: String, of post: Post) async throws {}

    func sendPicture(_ png: [UInt8], caption: String, of post: Post) async throws {
        do {
            try Data(png).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw SinkError(.permanent, "cannot write the trend picture to \(path): \(error.localizedDescription)")
        }
    }
}

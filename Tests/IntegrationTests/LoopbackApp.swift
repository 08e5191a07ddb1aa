// SPDX-License-Identifier: Apache-2.0
import Hummingbird
import Logging
import ServiceLifecycle

/// A fake server's Hummingbird app on a free loopback port, running in a service group of its
/// own, quiet: what `FakeChatServer` and `HostilePeer` start their routers with.
struct LoopbackApp {
    let port: Int
    let group: ServiceGroup
    let task: Task<Void, any Error>

    /// Starts `router` on 127.0.0.1 and returns once it accepts connections.
    static func start(_ router: Router<BasicRequestContext>, label: String) async -> LoopbackApp {
        let quiet = Logger(label: label) { _ in SwiftLogNoOpLogHandler() }
        let (ports, sink) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                sink.yield(channel.localAddress?.port ?? 0)
                sink.finish()
            },
            logger: quiet
        )
        let group = ServiceGroup(configuration: .init(services: [app], logger: quiet))
        let task = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        return LoopbackApp(port: await iterator.next() ?? 0, group: group, task: task)
    }
}

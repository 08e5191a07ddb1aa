// SPDX-License-Identifier: Apache-2.0
import BotEngine
import Logging
import ServiceLifecycle
import UnixSignals

/// Reloads the bot's locale on every SIGHUP (`systemctl reload redgreen-bot@vi`): validated
/// first; on a problem the bot keeps its texts and logs the error, naming the file, line and key.
struct LocaleReloadService: Service {
    let reloader: LocaleReloader
    /// SIGHUP, trapped before the bot starts so that an early signal is not fatal.
    let signals: UnixSignalsSequence
    /// The log prefix the bot started with, which its log lines keep until a restart.
    let logPrefix: String
    let logger: Logger

    func run() async throws {
        for await _ in signals.cancelOnGracefulShutdown() {
            await reload()
        }
    }

    /// Reloads on a thread of its own; a graceful shutdown abandons a reload in progress, so that
    /// SIGTERM stops the bot however long a file takes to load.
    func reload() async {
        do {
            let bundle = try await cancelWhenGracefulShutdown { try await reloader.reloadOffThePool() }
            logger.info("Locale reloaded from \(bundle.file) on SIGHUP")
            for line in bundle.fallbackSummary { logger.warning("\(line)") }
            if bundle.logPrefix != logPrefix {
                logger.notice("log_prefix is now \(bundle.logPrefix); log lines keep \(logPrefix) until the bot restarts")
            }
        } catch is CancellationError {
            logger.notice("Locale reload abandoned: the bot is stopping")
        } catch {
            logger.error("Locale reload failed, keeping the previous texts: \(error)")
        }
    }
}

extension LocaleReloadService: CustomStringConvertible {
    var description: String { "LocaleReloadService(\(reloader.code))" }
}

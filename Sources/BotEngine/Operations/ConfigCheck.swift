// SPDX-License-Identifier: Apache-2.0
import BotLocalization
import BotSupport
import Foundation

/// What `redgreen-bot config check` finds in a bot's config without running it: the config's own
/// problem (the loader stops at the first), then every problem of its locale file as
/// `locales check` reports them, and what the bot would refuse at start (its Redis address).
package struct ConfigCheck: Sendable {
    /// The config, when it loads.
    package var config: BotConfig?
    /// Every problem found, each naming its file, key and line.
    package var problems: [FileError]
    /// Things that work but may not be what was meant: a password variable that is not set, the
    /// locale's warnings.
    package var notes: [String]

    /// Checks the config at `path` with `environment` (for `REDIS_URL`, the secrets' variables).
    package init(path: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        problems = []
        notes = []
        do {
            config = try BotConfig.load(path: path, environment: environment)
        } catch {
            config = nil
            problems = [error]
            return
        }
        guard let config else { return }
        let locale = LocaleCheck.problems(of: config.locale, directory: config.localesDirectory)
        problems += locale.filter { $0.severity == .error }.map(\.problem)
        notes += locale.filter { $0.severity == .warning }.map { "\($0)" }
        if let bundle = try? LocaleBundle.load(code: config.locale, directory: config.localesDirectory),
            let board = config.boardProblem(bundle: bundle)
        {
            problems.append(board)
        }
        do {
            try BotAssembly.checkRedisSettings(of: config)
        } catch {
            problems.append(error)
        }
        if let name = config.redis.passwordEnv, config.redis.password == nil {
            notes.append("redis.password_env names \(name), which is not set here: the bot would log in to Redis without a password")
        }
        if let name = config.redis.sentinel?.passwordEnv, config.redis.sentinel?.password == nil {
            notes.append("redis.sentinel_password_env names \(name), which is not set here: the bot would ask the Sentinels without a password")
        }
    }

    /// The send budget of every config that loaded among `checks` (one fleet's bots): its table,
    /// a warning for each limit above 80 % used, and a problem naming the key to change for each
    /// limit over 100 %, with the line of that key.
    package static func budget(of checks: [ConfigCheck]) -> (table: String, warnings: [String], problems: [FileError]) {
        let budget = SendBudget(configs: checks.compactMap(\.config))
        let problems = budget.problems.map { problem in
            var problem = problem
            problem.line = SendBudget.line(of: problem.key, inFile: problem.file)
            return problem
        }
        let unknown = budget.unknownPeriods.map {
            "\($0): the draw period is unknown (set upstream.draw_period), so its sends are not in the send budget"
        }
        return (budget.table, budget.warnings + unknown, problems)
    }
}

import ArgumentParser
import GameSimulator

/// `--shape original|list|untimed`.
extension SimulatorShape: ExpressibleByArgument {}

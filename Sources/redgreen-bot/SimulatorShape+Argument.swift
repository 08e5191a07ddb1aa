import ArgumentParser
import GameSimulator

/// `--shape original|list`.
extension SimulatorShape: ExpressibleByArgument {}

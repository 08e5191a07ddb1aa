// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import GameSimulator

/// `--shape original|list|untimed`.
extension SimulatorShape: ExpressibleByArgument {}

// SPDX-License-Identifier: Apache-2.0
/// The bot's metrics and health endpoint (`metrics:`): off unless `listen` is set.
package struct MetricsSettings: Sendable, Equatable {
    /// Where `/metrics`, `/healthz` and `/readyz` are served (`metrics.listen`); nil: not served,
    /// and no metrics are kept.
    package var listen: ListenAddress?

    /// Defaults: off.
    package init() {}
}

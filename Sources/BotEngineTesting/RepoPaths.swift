// SPDX-License-Identifier: Apache-2.0
import TestHarness

/// `Locales/` and `Config/` of this repository (TestHarness's, named here so that a test importing
/// BotEngineTesting has them too).
package typealias RepoPaths = TestHarness.RepoPaths

/// Locale files written at test time (TestHarness's).
package typealias LocaleFiles = TestHarness.LocaleFiles

/// Draws, game responses and feeds for tests (TestHarness's).
package typealias Fixtures = TestHarness.Fixtures

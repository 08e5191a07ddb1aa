// SPDX-License-Identifier: Apache-2.0
/// CLDR's parent locales (UTS #35, "Parent Locales"): the locale a more specific one inherits
/// from, which is the locale with its last part cut off (`pt_BR` → `pt`) unless CLDR names
/// another (`pt_AO` → `pt_PT`, `es_MX` → `es_419`, `zh_Hant` → `root`).
enum CLDRParent {
    /// The parent of `locale` (underscores: `pt_BR`); nil for a bare language or one whose parent is `root`.
    static func of(_ locale: String) -> String? {
        if let parent = CLDRPluralData.parents[locale] { return parent == "root" ? nil : parent }
        guard let cut = locale.lastIndex(of: "_") else { return nil }
        return String(locale[..<cut])
    }
}

#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Generates the engine's CLDR data (plural rules, parent locales, list patterns) and the tests' sample numbers.

Reads the CLDR data that PyPI's `babel` ships (babel 2.17.0 carries CLDR 47; `make plurals` installs
it with pip), and writes Swift files, never edited by hand:

  Sources/BotLocalization/Plurals/CLDRPluralData.swift  the cardinal and ordinal rules in
      CLDR's syntax, by language, and the parent of each locale CLDR names one for
  Sources/BotLocalization/Plurals/CLDRListData.swift    the list patterns (standard,
      unit, unit-narrow) of every CLDR locale, as far as they differ from their parent's
  Tests/BotLocalizationTests/Generated/CLDRPluralSamples.swift         numbers in each language, type
      and category, as babel's own rule evaluator puts them, for the test that checks every language

babel keeps the rules parsed, not as CLDR's text, and drops CLDR's @integer/@decimal samples, so
the rules are written back in CLDR's syntax from babel's syntax tree, and the samples are numbers
that babel's evaluator sorts into categories: a second implementation the Swift one must agree with.

Run with `make plurals` (or: python3 Scripts/generate-plurals.py).
"""
import decimal
import os
import pickle
import sys

try:
    import babel
    from babel.core import get_global
    from babel.localedata import _is_non_likely_script, load as load_locale
    from babel.plural import PluralRule
except ImportError:
    sys.exit("generate-plurals.py needs babel 2.17.0: python3 -m pip install babel==2.17.0 (or run make plurals)")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ORDER = ["zero", "one", "two", "few", "many", "other"]
# babel does not say which CLDR it carries; its release notes do.
CLDR_OF_BABEL = {"2.17.0": "47"}
LIST_STYLES = ["standard", "unit", "unit-narrow"]
# Cardinal categories a language had in an earlier CLDR and has no longer, with the release that
# dropped them (from CLDR's release notes; babel holds one release only), so that a locale written
# for the old rules gets a warning that says so rather than an error.
RETIRED = {"he": {"many": "42"}, "iw": {"many": "42"}}
STYLE_FALLBACKS = {"unit": ["unit-short", "standard"], "unit-narrow": ["unit-short", "unit", "standard"]}


def swift_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def condition_text(node):
    """A babel syntax tree (`('or', (a, b))`, `('relation', ('in', expr, ranges))`) in CLDR's syntax."""
    kind, args = node
    if kind == "or":
        return " or ".join(condition_text(a) for a in args)
    if kind == "and":
        return " and ".join(condition_text(a) for a in args)
    if kind == "not":
        return relation_text(args[0], negated=True)
    if kind == "relation":
        return relation_text(node, negated=False)
    raise ValueError(f"unexpected plural rule node {kind}")


def relation_text(node, negated):
    kind, (method, expression, (_, ranges)) = node
    if kind != "relation" or method != "in":
        raise ValueError(f"unexpected plural relation {node}")
    values = ",".join(
        str(low[1][0]) if low == high else f"{low[1][0]}..{high[1][0]}" for low, high in ranges
    )
    return f"{expression_text(expression)} {'!=' if negated else '='} {values}"


def expression_text(expression):
    name, args = expression
    if name == "mod":
        return f"{expression_text(args[0])} % {args[1][1][0]}"
    return name


def rules_literal(rule):
    """`one: i = 1 and v = 0; other:`: the categories of one language with their conditions."""
    by_category = dict(rule.abstract)
    parts = [f"{c}: {condition_text(by_category[c])}" for c in ORDER if c in by_category]
    return "; ".join(parts + ["other:"])


def raw_locales():
    """Every locale babel has data for, with its own (not inherited) data."""
    folder = os.path.join(os.path.dirname(babel.__file__), "locale-data")
    for name in sorted(os.listdir(folder)):
        if name.endswith(".dat"):
            with open(os.path.join(folder, name), "rb") as f:
                yield name[:-4], pickle.load(f)


def read_rules(raw):
    """language -> PluralRule, cardinal and ordinal: the languages CLDR gives rules (and the old
    codes CLDR lists with them: `iw` for `he`, `in` for `id`, `tl` for `fil`)."""
    cardinal, ordinal = {}, {}
    for locale, data in raw.items():
        if "_" in locale:
            continue
        if "plural_form" in data:
            cardinal[locale] = data["plural_form"]
        if "ordinal_form" in data:
            ordinal[locale] = data["ordinal_form"]
    # A regional locale with rules of its own (`pt_PT`); babel also copies the language's rules
    # to script locales (`sr_Latn`), which add nothing.
    for locale, data in raw.items():
        base = locale.split("_")[0]
        for key, table in (("plural_form", cardinal), ("ordinal_form", ordinal)):
            if "_" in locale and key in data and base in table and data[key].abstract != table[base].abstract:
                table[locale] = data[key]
    for alias, target in sorted(get_global("language_aliases").items()):
        for table in (cardinal, ordinal):
            if alias not in table and target in table and len(alias) <= 3 and alias.isalpha():
                if alias in ("in", "iw", "ji", "jw", "mo", "sh", "tl"):
                    table[alias] = table[target]
    return cardinal, ordinal


def probe_numbers():
    """Whole numbers 0-1000, powers of ten and their neighbours, and decimals with one to three digits."""
    whole = list(range(0, 1001)) + [10**p * m for p in range(4, 16) for m in (1, 2, 5)] + [10**p + 1 for p in range(4, 16)]
    decimals = [f"{n / 10:.1f}" for n in range(0, 300)] + [f"{n / 100:.2f}" for n in range(0, 300, 7)]
    decimals += ["1.000", "2.000", "10.0", "100.0", "1000.0", "10000.0", "1000000.0", "0.001", "1.010"]
    return whole, decimals


def samples(rule, whole, decimals):
    """category -> `@integer 0, 1, … @decimal 0.0, …`: up to 24 whole numbers and 12 decimals each."""
    out = {c: ([], []) for c in ORDER if c == "other" or c in dict(rule.abstract)}
    for n in whole:
        listed = out[rule(n)][0]
        if len(listed) < 24:
            listed.append(str(n))
    for text in decimals:
        listed = out[rule(decimal.Decimal(text))][1]
        if len(listed) < 12:
            listed.append(text)
    text = {}
    for category, (ints, decs) in out.items():
        parts = []
        if ints:
            parts.append("@integer " + ", ".join(ints))
        if decs:
            parts.append("@decimal " + ", ".join(decs))
        text[category] = " ".join(parts)
    return text


def resolved_style(patterns, style):
    """(start, middle, end, two) of `style`, each part from the style or the ones CLDR's root falls
    back to (`unit-narrow` → `unit-short`, `unit`, `standard`; as babel.lists does); `two` is `end` when none has it."""
    chain = [style] + STYLE_FALLBACKS.get(style, [])
    def part(key):
        for each in chain:
            if key in patterns.get(each, {}):
                return patterns[each][key]
        return None
    return tuple(part(k) or part("end") for k in ("start", "middle", "end", "2"))


def list_patterns(raw):
    """locale -> style -> (start, middle, end, two), for every locale whose patterns differ from its parent's."""
    exceptions = get_global("parent_exceptions")
    resolved = {}
    for locale in raw:
        patterns = load_locale(locale).get("list_patterns", {})
        resolved[locale] = {s: resolved_style(patterns, s) for s in LIST_STYLES}
    out = {}
    for locale, styles in resolved.items():
        parent = exceptions.get(locale) or (locale.rsplit("_", 1)[0] if "_" in locale else "root")
        if locale == "root" or styles != resolved.get(parent if parent in resolved else "root"):
            out[locale] = styles
    return out


def main():
    version = CLDR_OF_BABEL.get(babel.__version__)
    if version is None:
        sys.exit(f"babel {babel.__version__}: unknown CLDR release; use babel==2.17.0 (CLDR 47) or add it to CLDR_OF_BABEL")
    raw = dict(raw_locales())
    cardinal, ordinal = read_rules(raw)
    parents = dict(get_global("parent_exceptions"))
    # Since CLDR 45 a script that is not the language's likely one (`zh_Hant`, `sr_Latn`) has
    # `root` for parent by rule rather than by a list; babel applies the rule when it loads.
    for locale in raw:
        if locale not in parents and _is_non_likely_script(locale):
            parents[locale] = "root"
    source = f"babel {babel.__version__}"
    header = "// SPDX-License-Identifier: Apache-2.0\n// Generated by Scripts/generate-plurals.py from CLDR {} ({}); do not edit. Regenerate with `make plurals`.\n"

    out = [header.format(version, source)]
    out.append("/// CLDR's plural rules and parent locales, as CLDR writes them (see `PluralRules`).\n")
    out.append("enum CLDRPluralData {\n")
    out.append(f"    /// The CLDR release the data comes from.\n    static let version = {swift_string(version)}\n\n")
    for name, table in (("cardinal", cardinal), ("ordinal", ordinal)):
        out.append(f"    /// The {name} rules by language: `category: condition` pairs joined by `; `, in CLDR's order.\n")
        out.append(f"    static let {name}: [String: String] = [\n")
        for language in sorted(table):
            out.append(f"        {swift_string(language)}: {swift_string(rules_literal(table[language]))},\n")
        out.append("    ]\n\n")
    out.append("    /// Cardinal categories a language had in an earlier CLDR release: language → [category → the release that dropped it].\n")
    out.append("    static let retired: [String: [String: String]] = [\n")
    for language in sorted(RETIRED):
        pairs = ", ".join(f"{swift_string(c)}: {swift_string(r)}" for c, r in sorted(RETIRED[language].items()))
        out.append(f"        {swift_string(language)}: [{pairs}],\n")
    out.append("    ]\n\n")
    out.append("    /// The parent of each locale CLDR gives one that is not the locale with its last part cut off.\n")
    out.append("    static let parents: [String: String] = [\n")
    for locale in sorted(parents):
        out.append(f"        {swift_string(locale)}: {swift_string(parents[locale])},\n")
    out.append("    ]\n}\n")
    write("Sources/BotLocalization/Plurals/CLDRPluralData.swift", "".join(out))

    out = [header.format(version, source)]
    out.append("/// CLDR's list patterns (`{0}, {1}`, `{0} and {1}`) by locale and style, for `ListFormat`.\n")
    out.append("enum CLDRListData {\n")
    out.append("    /// locale → style (`standard`, `unit`, `unit-narrow`) → [start, middle, end, two]; a locale\n")
    out.append("    /// is listed only where it differs from its parent (`root` is the last parent).\n")
    out.append("    static let patterns: [String: [String: [String]]] = [\n")
    for locale, styles in sorted(list_patterns(raw).items()):
        inner = ", ".join(
            f"{swift_string(s)}: [{', '.join(swift_string(p) for p in styles[s])}]" for s in LIST_STYLES if s in styles
        )
        out.append(f"        {swift_string(locale)}: [{inner}],\n")
    out.append("    ]\n}\n")
    write("Sources/BotLocalization/Plurals/CLDRListData.swift", "".join(out))

    whole, decimals = probe_numbers()
    out = [header.format(version, source)]
    out.append("/// Numbers in every category of every language and rule type, as babel's evaluator sorts them (`@integer 2, 3, …`).\n")
    out.append("enum CLDRPluralSamples {\n")
    for name, table in (("cardinal", cardinal), ("ordinal", ordinal)):
        out.append(f"    /// The {name} samples: language → [category → samples].\n")
        out.append(f"    static let {name}: [String: [String: String]] = [\n")
        for language in sorted(table):
            found = samples(table[language], whole, decimals)
            pairs = ", ".join(f"{swift_string(c)}: {swift_string(found[c])}" for c in ORDER if c in found)
            out.append(f"        {swift_string(language)}: [{pairs}],\n")
        out.append("    ]\n\n")
    out[-1] = out[-1].rstrip("\n") + "\n"
    out.append("}\n")
    write("Tests/BotLocalizationTests/Generated/CLDRPluralSamples.swift", "".join(out))


def write(relative, text):
    path = os.path.join(ROOT, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {relative}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Checks that the folders of each Swift target are layers: a folder may name the types of the folders
listed below it in LAYERS, never of a folder above it or beside it in a circle. Run from the project root
(`make test` runs it); exit 1, with each offending use, when a folder reaches up or imports a module
IMPORT_ONLY keeps from it.

A rough reader of Swift, like ../shared/tools/folder-cycles.py: it sees type names, and import lines only for IMPORT_ONLY."""
import collections, os, re, sys

# Bottom first. A folder may use any folder before it in its target's list.
# The targets BotSupport (YAML tree, text files, durations, clocks, secrets, small concurrency helpers,
# the draw and its JSON), BotLocalization (locales, CLDR rules, the message language, checks) and BotStore
# (snapshot, ledger, sink state, keys and their Redis implementations) sit below BotEngine; the compiler
# keeps them apart (Package.swift gives them no dependency on BotEngine; only BotStore has Redis).
LAYERS = {
    "Sources/BotSupport": [
        ".",             # YAML tree, text files, durations, clocks, secrets, the draw
        "Draws",         # a game's JSON and how it becomes draws
    ],
    "Sources/BotStore": ["."],
    "Sources/BotLocalization": [
        "Plurals",       # CLDR plural and parent-locale data and rules
        ".",             # locale files, the message language, rendering, checks
        "Exchange",      # PO and XLIFF export and import for translators' tools
    ],
    "Sources/BotEngine": [
        "Config",        # every settings type with its parser; the Redis key names a config implies
        "Metrics",       # metrics, health, the summary
        "Upstream",      # the game API and the HTTP seam
        "Store",         # the snapshot over HTTP from a peer, the store's timing decorators
        "Pictures",      # the trend picture and its caption
        "Sinks",         # console, Telegram, Discord, webhook; the sink worker
        "Posting",       # rendering and posting a draw: poster, tracker, trend and board posters
        "Roles",         # master and reader
        "Engine",        # assembly of a bot from its config
        "Operations",    # config check, connection check
        "Status",        # the fleet status command
    ],
}

# Modules a target links but only some of its folders may import: BotEngine links RedisClient for its
# assembly (Engine/, which makes the Redis stores) and `status` (Status/); every other folder reaches
# Redis through BotStore.
IMPORT_ONLY = {"Sources/BotEngine": {"RedisClient": ["Engine", "Status"]}}

DEF = re.compile(r"^(?:public |internal |package |fileprivate |private )?(?:final )?"
                 r"(?:struct|class|enum|protocol|actor|typealias)\s+([A-Z]\w*)", re.M)


def check(root, layers):
    defs, files, problems = {}, [], []
    for dirpath, _, names in os.walk(root):
        for name in names:
            if not name.endswith(".swift"):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            folder = rel.split("/")[0] if "/" in rel else "."
            if folder not in layers:
                problems.append(f"{root}/{folder}: a folder missing from LAYERS in {sys.argv[0]}")
                continue
            text = open(path, encoding="utf-8").read()
            files.append((rel, folder, text))
            for module, allowed in IMPORT_ONLY.get(root, {}).items():
                if folder not in allowed and re.search(rf"^\s*(?:@\w+\s+)?(?:\w+\s+)?import {module}\b", text, re.M):
                    problems.append(f"{root}/{rel} imports {module}, which only {', '.join(allowed)} may")
            for match in DEF.finditer(text):
                defs.setdefault(match.group(1), folder)
    rank = {folder: i for i, folder in enumerate(layers)}
    ups = collections.defaultdict(set)
    for rel, folder, text in files:
        code = re.sub(r'"(?:\\.|[^"\\])*"', '""', re.sub(r"//.*", "", text))
        for token in set(re.findall(r"\b[A-Z]\w*\b", code)):
            home = defs.get(token)
            if home and home != folder and rank[home] > rank[folder]:
                ups[(rel, home)].add(token)
    for (rel, home), tokens in sorted(ups.items()):
        problems.append(f"{root}/{rel} uses {home}, a layer above it: {', '.join(sorted(tokens))}")
    return problems


problems = [p for root, layers in LAYERS.items() for p in check(root, layers)]
for p in sorted(set(problems)):
    print(p)
if problems:
    print(f"{len(problems)} use(s) against the layers; move the type down, or the user up", file=sys.stderr)
    sys.exit(1)
print("folders are layers: " + "; ".join(f"{r}: {' < '.join(l)}" for r, l in LAYERS.items()))

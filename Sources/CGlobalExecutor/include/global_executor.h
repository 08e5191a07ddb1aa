// SPDX-License-Identifier: Apache-2.0
#ifndef REDGREEN_GLOBAL_EXECUTOR_H
#define REDGREEN_GLOBAL_EXECUTOR_H

#include <stdbool.h>

/*
 * Swift's global executor for the bot's process: a few threads of its own, sleeping on a condition
 * variable while there is nothing to run, installed through the Swift runtime's enqueue hooks before
 * `main` runs (a constructor), so that no job of the process ever reaches libdispatch's worker pool.
 * libdispatch's pool, once it has run a job, wakes its manager thread every second for the rest of the
 * process's life (its pool monitor), in every bot, idle or not. See global_executor.c.
 */

/* Whether the hooks are installed (false when `REDGREEN_DISPATCH_EXECUTOR=1` asked for the default). */
bool redgreen_global_executor_installed(void);

#endif

// SPDX-License-Identifier: Apache-2.0
#define _GNU_SOURCE
#include "global_executor.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * The Swift runtime's global-executor hook (swift/Runtime/ConcurrencyHooks.def): a swiftcall function
 * pointer that, when set, receives every job the runtime would give its default (libdispatch) executor,
 * with the original implementation as the last argument. Its siblings for delayed jobs are not set:
 * Swift 6.3's sleeps off a task executor (`Task.sleep`, a clock's `sleep`) call libdispatch directly,
 * past them, so a bot's own timers are served by its Redis client's thread instead (`ExecutorClock`).
 */
typedef struct SwiftJob SwiftJob;
#define SWIFTCC __attribute__((swiftcall))

typedef SWIFTCC void (*enqueue_original)(SwiftJob *job);
typedef SWIFTCC void (*enqueue_hook)(SwiftJob *job, enqueue_original original);

extern enqueue_hook swift_task_enqueueGlobal_hook;

/* swift_job_run(Job *, SerialExecutorRef): the executor reference is two words; {0, 0} is the generic
 * (global) executor, as libdispatch's executor passes. */
extern SWIFTCC void swift_job_run(SwiftJob *job, uintptr_t identity, uintptr_t implementation);

/* The jobs to run, first in first out (a ring that grows), and the threads that run them: started one at a
 * time while every thread is busy, up to the number of cores (at least 2), as libdispatch's cooperative
 * pool does; never ended, asleep on `wake` while there is nothing to run. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static SwiftJob **ready;
static size_t ready_head, ready_count, ready_capacity;
static size_t idle_threads, threads, max_threads;
static bool installed;

static void *grow(void *buffer, size_t *capacity, size_t element) {
    size_t next = *capacity ? *capacity * 2 : 64;
    void *grown = realloc(buffer, next * element);
    if (!grown) abort();
    *capacity = next;
    return grown;
}

/* With `lock` held. */
static void push_ready(SwiftJob *job) {
    if (ready_count == ready_capacity) {
        size_t old = ready_capacity;
        ready = grow(ready, &ready_capacity, sizeof *ready);
        /* Unwrap the ring: the part before the head moves after the old end. */
        if (ready_head + ready_count > old) {
            size_t wrapped = ready_head + ready_count - old;
            memcpy(ready + old, ready, wrapped * sizeof *ready);
        }
    }
    ready[(ready_head + ready_count) % ready_capacity] = job;
    ready_count++;
}

static SwiftJob *pop_ready(void) {
    SwiftJob *job = ready[ready_head];
    ready_head = (ready_head + 1) % ready_capacity;
    ready_count--;
    return job;
}

static void *worker(void *unused);

/* With `lock` held: wakes an idle thread, or starts one while under the limit. */
static void wake_one(void) {
    if (idle_threads > 0) {
        pthread_cond_signal(&wake);
        return;
    }
    if (threads >= max_threads) return;
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    pthread_t thread;
    if (pthread_create(&thread, &attributes, worker, NULL) == 0) {
        threads++;
        char name[16];
        snprintf(name, sizeof name, "swift-global-%zu", threads);
        pthread_setname_np(thread, name);
    }
    pthread_attr_destroy(&attributes);
}

static void *worker(void *unused) {
    (void)unused;
    pthread_mutex_lock(&lock);
    for (;;) {
        if (ready_count) {
            SwiftJob *job = pop_ready();
            /* More to run than this thread: let another take it. */
            if (ready_count) wake_one();
            pthread_mutex_unlock(&lock);
            swift_job_run(job, 0, 0);
            pthread_mutex_lock(&lock);
            continue;
        }
        idle_threads++;
        pthread_cond_wait(&wake, &lock);
        idle_threads--;
    }
    return NULL;
}

static SWIFTCC void enqueue(SwiftJob *job, enqueue_original original) {
    (void)original;
    pthread_mutex_lock(&lock);
    push_ready(job);
    wake_one();
    pthread_mutex_unlock(&lock);
}

__attribute__((constructor)) static void install(void) {
    const char *dispatch = getenv("REDGREEN_DISPATCH_EXECUTOR");
    if (dispatch && strcmp(dispatch, "1") == 0) return;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    max_threads = cores > 2 ? (size_t)cores : 2;
    swift_task_enqueueGlobal_hook = enqueue;
    installed = true;
}

bool redgreen_global_executor_installed(void) { return installed; }

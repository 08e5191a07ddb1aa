// SPDX-License-Identifier: Apache-2.0
#ifndef CHIREDIS_SHIM_H
#define CHIREDIS_SHIM_H
#include <errno.h>
#include <hiredis/hiredis.h>

/* Small typed accessors so Swift never has to poke at C arrays or
 * pointer-to-pointer fields directly. */

/* The context's error flag (0 when healthy, else REDIS_ERR_*). */
static inline int chiredis_err(const redisContext *c) {
    return c->err;
}

/* The context's error text (a NUL-terminated string inside the context). */
static inline const char *chiredis_errstr(const redisContext *c) {
    return c->errstr;
}

/* The context's socket, or -1. */
static inline int chiredis_fd(const redisContext *c) {
    return c->fd;
}

/* The calling thread's errno, read right after a failed hiredis call. */
static inline int chiredis_errno(void) {
    return errno;
}

/* Element i of an array reply. */
static inline const redisReply *chiredis_reply_element(const redisReply *r, size_t i) {
    return r->element[i];
}

#endif

// SPDX-License-Identifier: Apache-2.0
#ifndef CPNG_SHIM_H
#define CPNG_SHIM_H

#include <png.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/*
 * libpng, reached only by the CairoCanvas module, to write a cairo image surface's pixels as PNG
 * with the two settings cairo's own writer (cairo_surface_write_to_png_stream) leaves at
 * libpng's defaults: the row filter and the zlib level. With those defaults (every filter tried
 * on every row, zlib level 6) the encode was 85% of a trend picture's instructions, 5 times what
 * it is unfiltered at level 1, for a file 9% smaller: flat colours compress well either way. The rest is what cairo does: 8-bit RGBA rows,
 * un-premultiplied by a libpng user transform. libpng reports errors by longjmp, so every libpng
 * call happens in this C function, below its setjmp; no Swift frame is ever jumped over.
 */

/* Receives a chunk of the PNG; returns 0 to go on, anything else to stop. */
typedef int (*cpng_write_callback)(void *closure, const unsigned char *data, size_t length);

struct cpng_write_context {
    cpng_write_callback callback;
    void *closure;
    char *error;
    size_t error_size;
};

/* Copies `message` into the caller's error buffer, cut to fit. */
static inline void cpng_set_error(struct cpng_write_context *context, const char *message) {
    if (context->error_size == 0) {
        return;
    }
    strncpy(context->error, message, context->error_size - 1);
    context->error[context->error_size - 1] = '\0';
}

/* libpng's error handler: keeps the message and jumps back to cpng_write_argb32's setjmp. */
static inline void cpng_on_error(png_structp png, png_const_charp message) {
    cpng_set_error((struct cpng_write_context *)png_get_error_ptr(png), message);
    png_longjmp(png, 1);
}

/* libpng's warnings concern reading or unusual settings; none is worth a line in a bot's log. */
static inline void cpng_on_warning(png_structp png, png_const_charp message) {
    (void)png;
    (void)message;
}

static inline void cpng_write_trampoline(png_structp png, png_bytep data, png_size_t length) {
    struct cpng_write_context *context = (struct cpng_write_context *)png_get_io_ptr(png);
    if (context->callback(context->closure, data, length) != 0) {
        png_error(png, "the PNG's receiver stopped");
    }
}

static inline void cpng_flush(png_structp png) {
    (void)png;
}

/* Turns a row of premultiplied, native-endian ARGB32 pixels (cairo's) into RGBA bytes, in place. */
static inline void cpng_unpremultiply(png_structp png, png_row_infop row_info, png_bytep data) {
    (void)png;
    for (png_size_t i = 0; i < row_info->rowbytes; i += 4) {
        uint32_t pixel;
        unsigned char *b = &data[i];
        memcpy(&pixel, b, sizeof(pixel));
        uint32_t alpha = pixel >> 24;
        if (alpha == 0) {
            b[0] = b[1] = b[2] = b[3] = 0;
        } else if (alpha == 255) {
            b[0] = (unsigned char)(pixel >> 16);
            b[1] = (unsigned char)(pixel >> 8);
            b[2] = (unsigned char)pixel;
            b[3] = 255;
        } else {
            b[0] = (unsigned char)((((pixel >> 16) & 0xff) * 255 + alpha / 2) / alpha);
            b[1] = (unsigned char)((((pixel >> 8) & 0xff) * 255 + alpha / 2) / alpha);
            b[2] = (unsigned char)(((pixel & 0xff) * 255 + alpha / 2) / alpha);
            b[3] = (unsigned char)alpha;
        }
    }
}

/*
 * Writes `height` rows of `width` premultiplied ARGB32 pixels, `stride` bytes apart, as an RGBA
 * PNG through `callback`, unfiltered, with zlib at `level` (0 to 9). Returns 0 on success, or
 * -1 with libpng's message (or the receiver's refusal) copied into `error` (`error_size` bytes).
 */
static inline int cpng_write_argb32(
    const unsigned char *pixels, int width, int height, int stride, int level, cpng_write_callback callback, void *closure, char *error,
    size_t error_size) {
    struct cpng_write_context context = {callback, closure, error, error_size};
    cpng_set_error(&context, "");
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &context, cpng_on_error, cpng_on_warning);
    if (png == NULL) {
        cpng_set_error(&context, "libpng could not start a PNG");
        return -1;
    }
    png_infop info = png_create_info_struct(png);
    if (info == NULL) {
        png_destroy_write_struct(&png, NULL);
        cpng_set_error(&context, "libpng could not start a PNG");
        return -1;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return -1;
    }
    png_set_write_fn(png, &context, cpng_write_trampoline, cpng_flush);
    png_set_compression_level(png, level);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
    png_set_IHDR(
        png, info, (png_uint_32)width, (png_uint_32)height, 8, PNG_COLOR_TYPE_RGB_ALPHA, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_BASE,
        PNG_FILTER_TYPE_BASE);
    png_set_write_user_transform_fn(png, cpng_unpremultiply);
    png_write_info(png, info);
    for (int y = 0; y < height; y++) {
        png_write_row(png, (png_const_bytep)(pixels + (size_t)y * (size_t)stride));
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    return 0;
}

#endif

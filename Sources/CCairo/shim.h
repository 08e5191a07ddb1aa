// SPDX-License-Identifier: Apache-2.0
#ifndef CCAIRO_SHIM_H
#define CCAIRO_SHIM_H

#include <cairo/cairo.h>
#include <stdint.h>
#include <stddef.h>

/*
 * cairo's image surface and PNG reading functions, reached only by the CairoCanvas module (which
 * writes PNG through CPNG, libpng with settings cairo's writer does not offer). cairo's stream
 * functions take a C callback and a closure pointer; these wrappers read a PNG held in memory and
 * read pixels with bounds checked here, so no pointer arithmetic on cairo's buffer happens in Swift.
 */

/* A PNG held in memory, read by ccairo_read_png. */
struct ccairo_read_context {
    const unsigned char *data;
    size_t length;
    size_t offset;
};

static inline cairo_status_t ccairo_read_trampoline(void *closure, unsigned char *data, unsigned int length) {
    struct ccairo_read_context *context = (struct ccairo_read_context *)closure;
    if (context->length - context->offset < length) {
        return CAIRO_STATUS_READ_ERROR;
    }
    for (unsigned int i = 0; i < length; i++) {
        data[i] = context->data[context->offset + i];
    }
    context->offset += length;
    return CAIRO_STATUS_SUCCESS;
}

/* Decodes `length` bytes of PNG into a new image surface (check cairo_surface_status). */
static inline cairo_surface_t *ccairo_read_png(const unsigned char *data, size_t length) {
    struct ccairo_read_context context = {data, length, 0};
    return cairo_image_surface_create_from_png_stream(ccairo_read_trampoline, &context);
}

/* The ARGB32 pixel at (x, y) of an image surface, premultiplied; 0 when out of bounds or not ARGB32/RGB24. */
static inline uint32_t ccairo_pixel(cairo_surface_t *surface, int x, int y) {
    cairo_surface_flush(surface);
    cairo_format_t format = cairo_image_surface_get_format(surface);
    if (format != CAIRO_FORMAT_ARGB32 && format != CAIRO_FORMAT_RGB24) {
        return 0;
    }
    int width = cairo_image_surface_get_width(surface);
    int height = cairo_image_surface_get_height(surface);
    unsigned char *data = cairo_image_surface_get_data(surface);
    if (data == NULL || x < 0 || y < 0 || x >= width || y >= height) {
        return 0;
    }
    const uint32_t *row = (const uint32_t *)(data + (size_t)y * (size_t)cairo_image_surface_get_stride(surface));
    uint32_t pixel = row[x];
    return format == CAIRO_FORMAT_RGB24 ? (pixel | 0xff000000u) : pixel;
}

#endif

// SPDX-License-Identifier: Apache-2.0
internal import CCairo
internal import CPNG

/// A picture being drawn with cairo: an ARGB image surface and its drawing context, both freed
/// with the canvas. Shapes are anti-aliased; coordinates are pixels from the top left corner.
///
/// One canvas is drawn by one task at a time (it is not `Sendable`); drawing takes no locks and
/// does no I/O, so it runs wherever its caller does.
public final class Canvas {
    /// The width in pixels.
    public let width: Int
    /// The height in pixels.
    public let height: Int
    private let surface: OpaquePointer
    private let context: OpaquePointer

    /// The largest width and height of a canvas, in pixels.
    public static let maxSide = 8192

    /// A transparent canvas of `width` × `height` pixels (each from 1 to ``maxSide``).
    public init(width: Int, height: Int) throws(CanvasError) {
        guard (1...Self.maxSide).contains(width), (1...Self.maxSide).contains(height) else {
            throw CanvasError("a picture of \(width)×\(height) pixels is out of range (1 to \(Self.maxSide) each way)")
        }
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height)) else {
            throw CanvasError("cairo could not create a \(width)×\(height) surface")
        }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS, let context = cairo_create(surface) else {
            cairo_surface_destroy(surface)
            throw CanvasError("cairo could not create a \(width)×\(height) surface: \(Self.text(of: status))")
        }
        self.width = width
        self.height = height
        self.surface = surface
        self.context = context
        cairo_set_line_cap(context, CAIRO_LINE_CAP_ROUND)
        cairo_set_line_join(context, CAIRO_LINE_JOIN_ROUND)
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    /// Fills the whole canvas with `color`.
    public func fill(_ color: CanvasColor) {
        setSource(color)
        cairo_paint(context)
    }

    /// Fills a rectangle with corners rounded by `radius`.
    public func fillRoundedRectangle(x: Double, y: Double, width: Double, height: Double, radius: Double, color: CanvasColor) {
        var path = CanvasPath()
        path.addRoundedRectangle(x: x, y: y, width: width, height: height, radius: radius)
        fill(path, color: color)
    }

    /// Fills a disc.
    public func fillCircle(centerX: Double, centerY: Double, radius: Double, color: CanvasColor) {
        var path = CanvasPath()
        path.addCircle(centerX: centerX, centerY: centerY, radius: radius)
        fill(path, color: color)
    }

    /// Fills the polygon through `points` (x, y), closed.
    public func fillPolygon(_ points: [(x: Double, y: Double)], color: CanvasColor) {
        var path = CanvasPath()
        path.addPolygon(points)
        fill(path, color: color)
    }

    /// Strokes the open line through `points` (x, y) with round ends and joins.
    public func strokeLine(_ points: [(x: Double, y: Double)], width: Double, color: CanvasColor) {
        var path = CanvasPath()
        path.addLine(points)
        stroke(path, width: width, color: color)
    }

    /// Paints `stamp` (a picture drawn once) with its top left corner at pixel (`x`, `y`), over what
    /// is there: a shape that recurs costs one copy of its pixels rather than a rasterisation.
    public func paint(_ stamp: Canvas, x: Int, y: Int) {
        cairo_set_source_surface(context, stamp.surface, Double(x), Double(y))
        cairo_new_path(context)
        cairo_rectangle(context, Double(x), Double(y), Double(stamp.width), Double(stamp.height))
        cairo_fill(context)
    }

    /// Fills every shape of `path` with `color`, in one go.
    public func fill(_ path: CanvasPath, color: CanvasColor) {
        guard trace(path) else { return }
        setSource(color)
        cairo_fill(context)
    }

    /// Strokes every line of `path`, `width` wide with round ends and joins, in one go.
    public func stroke(_ path: CanvasPath, width: Double, color: CanvasColor) {
        guard trace(path) else { return }
        cairo_set_line_width(context, width)
        setSource(color)
        cairo_stroke(context)
    }

    /// The picture as PNG (8-bit RGBA), written by libpng unfiltered with zlib at level 1: for
    /// flat colours nearly as small as with libpng's defaults (cairo's own writer), for a fifth of
    /// the instructions (docs/performance.md).
    public func pngBytes() throws(CanvasError) -> [UInt8] {
        cairo_surface_flush(surface)
        guard let pixels = cairo_image_surface_get_data(surface) else { throw CanvasError("cairo gave no pixels to write as PNG") }
        let sink = ByteSink()
        var error = [CChar](repeating: 0, count: 256)
        let status = cpng_write_argb32(
            pixels, Int32(width), Int32(height), cairo_image_surface_get_stride(surface), 1,
            { closure, data, length in
                guard let closure, let data else { return 1 }
                Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue().bytes.append(
                    contentsOf: UnsafeBufferPointer(start: data, count: length))
                return 0
            }, Unmanaged.passUnretained(sink).toOpaque(), &error, error.count)
        guard status == 0 else {
            throw CanvasError(
                "libpng could not write the PNG: \(String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))")
        }
        return sink.bytes
    }

    /// Makes `path` cairo's current path; false when it is empty.
    private func trace(_ path: CanvasPath) -> Bool {
        cairo_new_path(context)
        for command in path.commands {
            switch command {
            case .subpath: cairo_new_sub_path(context)
            case .move(let x, let y): cairo_move_to(context, x, y)
            case .line(let x, let y): cairo_line_to(context, x, y)
            case .arc(let x, let y, let radius, let from, let to): cairo_arc(context, x, y, radius, from, to)
            case .close: cairo_close_path(context)
            }
        }
        return !path.isEmpty
    }

    private func setSource(_ color: CanvasColor) {
        cairo_set_source_rgba(context, color.red, color.green, color.blue, color.alpha)
    }

    static func text(of status: cairo_status_t) -> String {
        cairo_status_to_string(status).map { String(cString: $0) } ?? "status \(status.rawValue)"
    }
}

/// Collects the chunks cairo writes.
private final class ByteSink {
    var bytes: [UInt8] = []
}

internal import CCairo

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

    /// A transparent canvas of `width` × `height` pixels (each from 1 to 8192).
    public init(width: Int, height: Int) throws(CanvasError) {
        guard (1...8192).contains(width), (1...8192).contains(height) else {
            throw CanvasError("a picture of \(width)×\(height) pixels is out of range (1 to 8192 each way)")
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
        let r = max(0, min(radius, width / 2, height / 2))
        cairo_new_path(context)
        cairo_arc(context, x + width - r, y + r, r, -Double.pi / 2, 0)
        cairo_arc(context, x + width - r, y + height - r, r, 0, Double.pi / 2)
        cairo_arc(context, x + r, y + height - r, r, Double.pi / 2, Double.pi)
        cairo_arc(context, x + r, y + r, r, Double.pi, 3 * Double.pi / 2)
        cairo_close_path(context)
        setSource(color)
        cairo_fill(context)
    }

    /// Fills a disc.
    public func fillCircle(centerX: Double, centerY: Double, radius: Double, color: CanvasColor) {
        cairo_new_path(context)
        cairo_arc(context, centerX, centerY, radius, 0, 2 * Double.pi)
        setSource(color)
        cairo_fill(context)
    }

    /// Fills the left (`left: true`) or right half of a disc, split by a vertical line through its centre.
    public func fillHalfCircle(centerX: Double, centerY: Double, radius: Double, left: Bool, color: CanvasColor) {
        cairo_new_path(context)
        cairo_move_to(context, centerX, centerY)
        if left {
            cairo_arc(context, centerX, centerY, radius, Double.pi / 2, 3 * Double.pi / 2)
        } else {
            cairo_arc(context, centerX, centerY, radius, -Double.pi / 2, Double.pi / 2)
        }
        cairo_close_path(context)
        setSource(color)
        cairo_fill(context)
    }

    /// Fills the polygon through `points` (x, y), closed.
    public func fillPolygon(_ points: [(x: Double, y: Double)], color: CanvasColor) {
        guard let first = points.first else { return }
        cairo_new_path(context)
        cairo_move_to(context, first.x, first.y)
        for point in points.dropFirst() { cairo_line_to(context, point.x, point.y) }
        cairo_close_path(context)
        setSource(color)
        cairo_fill(context)
    }

    /// Strokes the open line through `points` (x, y) with round ends and joins.
    public func strokeLine(_ points: [(x: Double, y: Double)], width: Double, color: CanvasColor) {
        guard let first = points.first else { return }
        cairo_new_path(context)
        cairo_move_to(context, first.x, first.y)
        for point in points.dropFirst() { cairo_line_to(context, point.x, point.y) }
        cairo_set_line_width(context, width)
        setSource(color)
        cairo_stroke(context)
    }

    /// The picture as PNG.
    public func pngBytes() throws(CanvasError) -> [UInt8] {
        cairo_surface_flush(surface)
        let sink = ByteSink()
        let status = ccairo_write_png(
            surface,
            { closure, data, length in
                guard let closure, let data else { return 1 }
                Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue().bytes.append(
                    contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
                return 0
            }, Unmanaged.passUnretained(sink).toOpaque())
        guard status == CAIRO_STATUS_SUCCESS else { throw CanvasError("cairo could not write the PNG: \(Self.text(of: status))") }
        return sink.bytes
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

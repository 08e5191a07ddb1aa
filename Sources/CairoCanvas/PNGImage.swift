// SPDX-License-Identifier: Apache-2.0
internal import CCairo

/// A PNG decoded by cairo, to read its pixels: what a test checks a picture with.
public final class PNGImage {
    /// The width in pixels.
    public let width: Int
    /// The height in pixels.
    public let height: Int
    private let surface: OpaquePointer

    /// Decodes `bytes`; throws when they are not a PNG cairo can read.
    public init(decoding bytes: [UInt8]) throws(CanvasError) {
        let surface = bytes.withUnsafeBufferPointer { ccairo_read_png($0.baseAddress, $0.count) }
        guard let surface else { throw CanvasError("cairo could not decode the PNG") }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            throw CanvasError("not a PNG cairo can read: \(Canvas.text(of: status))")
        }
        self.surface = surface
        self.width = Int(cairo_image_surface_get_width(surface))
        self.height = Int(cairo_image_surface_get_height(surface))
    }

    deinit {
        cairo_surface_destroy(surface)
    }

    /// The colour of the pixel at (`x`, `y`), not premultiplied; transparent outside the picture.
    public func pixel(x: Int, y: Int) -> CanvasColor {
        guard (0..<width).contains(x), (0..<height).contains(y) else { return CanvasColor(red: 0, green: 0, blue: 0, alpha: 0) }
        let argb = ccairo_pixel(surface, Int32(x), Int32(y))
        let alpha = Double(argb >> 24 & 0xff) / 255
        guard alpha > 0 else { return CanvasColor(red: 0, green: 0, blue: 0, alpha: 0) }
        func channel(_ shift: UInt32) -> Double { min(1, Double(argb >> shift & 0xff) / 255 / alpha) }
        return CanvasColor(red: channel(16), green: channel(8), blue: channel(0), alpha: alpha)
    }
}

// SPDX-License-Identifier: Apache-2.0
/// The outline of a bead, one per colour (`trend.shapes`), so that the picture reads without its
/// colours: in greyscale, and for the one man in twelve with a red-green colour vision deficiency,
/// to whom the default red and green are the same grey-brown.
public enum BeadShape: String, Sendable, Hashable, CaseIterable {
    /// A disc.
    case circle
    /// A square with rounded corners.
    case square
    /// A hexagon standing on a point.
    case hexagon
    /// A diamond: a square on a corner, a little larger, so that the digits fit.
    case diamond
}

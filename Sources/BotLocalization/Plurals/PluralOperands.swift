// SPDX-License-Identifier: Apache-2.0
import Foundation

/// The operands CLDR's plural rules test a number by (UTS #35, "Operands"): `n` the absolute
/// value, `i` its integer digits, `v` and `w` the number of visible fraction digits with and
/// without trailing zeros, `f` and `t` those digits as a number, `e` the compact exponent.
///
/// Built from an integer (every count the engine shows) or from a number as CLDR writes its
/// samples: `1.50`, `1c6` (1 000 000 written compactly), `1.1c3`.
public struct PluralOperands: Sendable, Equatable {
    /// The absolute value.
    public var n: Double
    /// The integer digits.
    public var i: Int
    /// Visible fraction digits, with trailing zeros (`1.50` → 2).
    public var v: Int
    /// Visible fraction digits, without trailing zeros (`1.50` → 1).
    public var w: Int
    /// The visible fraction digits as a number (`1.50` → 50).
    public var f: Int
    /// The visible fraction digits without trailing zeros as a number (`1.50` → 5).
    public var t: Int
    /// The exponent of compact notation (`1c6` → 6), 0 otherwise.
    public var e: Int

    /// The operands of a whole number.
    public init(_ integer: Int) {
        let magnitude = integer.magnitude > UInt(Int.max) ? Int.max : Int(integer.magnitude)
        self.init(n: Double(magnitude), i: magnitude, v: 0, w: 0, f: 0, t: 0, e: 0)
    }

    private init(n: Double, i: Int, v: Int, w: Int, f: Int, t: Int, e: Int) {
        (self.n, self.i, self.v, self.w, self.f, self.t, self.e) = (n, i, v, w, f, t, e)
    }

    /// The operands of a number written as CLDR's samples are (`-1.50`, `1c6`, `1.1c3`); nil when
    /// `text` is not such a number.
    public init?(_ text: String) {
        var body = Substring(text)
        if body.first == "-" { body = body.dropFirst() }
        var exponent = 0
        if let mark = body.firstIndex(where: { $0 == "c" || $0 == "e" }) {
            guard let value = Int(body[body.index(after: mark)...]), (0...18).contains(value) else { return nil }
            exponent = value
            body = body[..<mark]
        }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        else { return nil }
        var whole = String(parts[0])
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        // Compact notation moves the decimal point right: 1.1c3 is 1100.
        let moved = min(exponent, fraction.count)
        whole += fraction.prefix(moved)
        fraction = String(fraction.dropFirst(moved))
        whole += String(repeating: "0", count: exponent - moved)
        let trimmed = String(fraction.reversed().drop { $0 == "0" }.reversed())
        guard whole.count <= 18, fraction.count <= 18, let i = Int(whole), let n = Double(whole + "." + (fraction.isEmpty ? "0" : fraction))
        else { return nil }
        self.init(n: n, i: i, v: fraction.count, w: trimmed.count, f: Int(fraction) ?? 0, t: Int(trimmed) ?? 0, e: exponent)
    }

    /// The value of the operand named `name` (`n`, `i`, `v`, `w`, `f`, `t`, `e` or `c`).
    func value(of name: Character) -> Double {
        switch name {
        case "n": n
        case "i": Double(i)
        case "v": Double(v)
        case "w": Double(w)
        case "f": Double(f)
        case "t": Double(t)
        default: Double(e)
        }
    }
}

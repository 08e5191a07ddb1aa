// SPDX-License-Identifier: Apache-2.0
import Foundation

/// One condition of a CLDR plural rule, such as `v = 0 and i % 10 = 2..4 and i % 100 != 12..14`,
/// parsed once and then tested against numbers (UTS #35, "Plural rules syntax").
///
/// The grammar: conditions joined by `or`, each relations joined by `and`; a relation is an
/// operand (`n i v w f t c e`), an optional `% modulus`, `=` or `!=`, and a list of values and
/// ranges (`2..4,6`). An empty condition is true (CLDR's `other`).
struct PluralCondition: Sendable, Equatable {
    /// One test: `operand % modulus (=|!=) ranges`.
    struct Relation: Sendable, Equatable {
        var operand: Character
        var modulus: Int?
        var negated: Bool
        var ranges: [ClosedRange<Int>]

        func matches(_ operands: PluralOperands) -> Bool {
            var value = operands.value(of: operand)
            if let modulus { value = fmod(value, Double(modulus)) }
            // A value with a fraction equals no integer in a range (`n = 1` is false for 1.5).
            let inList = value == value.rounded() && ranges.contains { Double($0.lowerBound) <= value && value <= Double($0.upperBound) }
            return inList != negated
        }
    }

    /// Relations joined by `and`, those groups joined by `or`.
    let alternatives: [[Relation]]

    /// Parses `text`; throws a message naming the part that does not parse.
    init(_ text: String) throws(PluralRuleError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty {
            alternatives = []
            return
        }
        var groups: [[Relation]] = []
        for group in trimmed.components(separatedBy: " or ") {
            var relations: [Relation] = []
            for relation in group.components(separatedBy: " and ") {
                relations.append(try Self.relation(relation))
            }
            groups.append(relations)
        }
        alternatives = groups
    }

    /// True when `operands` meet the condition.
    func matches(_ operands: PluralOperands) -> Bool {
        alternatives.isEmpty || alternatives.contains { $0.allSatisfy { $0.matches(operands) } }
    }

    private static func relation(_ text: String) throws(PluralRuleError) -> Relation {
        let negated = text.contains("!=")
        let sides = text.components(separatedBy: negated ? "!=" : "=")
        guard sides.count == 2 else { throw PluralRuleError("'\(text)' is not 'operand = values'") }
        let left = sides[0].split(separator: "%").map { $0.trimmingCharacters(in: .whitespaces) }
        guard (1...2).contains(left.count), left[0].count == 1, let operand = left[0].first, "niwvftce".contains(operand) else {
            throw PluralRuleError("'\(sides[0])' is not an operand (n, i, v, w, f, t, c, e) with an optional '% modulus'")
        }
        var modulus: Int?
        if left.count == 2 {
            guard let value = Int(left[1]), value > 0 else { throw PluralRuleError("'\(left[1])' is not a modulus") }
            modulus = value
        }
        var ranges: [ClosedRange<Int>] = []
        for item in sides[1].split(separator: ",") {
            let bounds = item.components(separatedBy: "..").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard let low = bounds.first ?? nil, let high = bounds.last ?? nil, bounds.count <= 2, low <= high else {
                throw PluralRuleError("'\(item)' is not a value or a range a..b")
            }
            ranges.append(low...high)
        }
        guard !ranges.isEmpty else { throw PluralRuleError("'\(text)' has no values") }
        return Relation(operand: operand == "c" ? "e" : operand, modulus: modulus, negated: negated, ranges: ranges)
    }
}

/// A plural rule that does not parse: the message names the part at fault.
struct PluralRuleError: Error, Sendable, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

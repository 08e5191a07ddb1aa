// SPDX-License-Identifier: Apache-2.0
extension ICUMessage {
    /// Why an ICU text does not read, with where.
    struct Failure: Error, Equatable {
        var message: String
    }

    /// The template for the ICU text `icu` (the inverse of `write`, with every `plural`,
    /// `selectordinal` and `select` written as a `{{#match}}` block).
    static func read(_ icu: String) throws(Failure) -> String {
        var reader = Reader(characters: Array(icu))
        let out = try reader.message(pluralArgument: nil, depth: 0)
        if reader.index < reader.characters.count { throw Failure(message: "an unmatched '}' at character \(reader.index + 1)") }
        return out
    }

    private struct Reader {
        let characters: [Character]
        var index = 0

        /// Text up to the `}` closing a branch (left unread) or the end; `#` is the value of
        /// `pluralArgument` where there is one.
        mutating func message(pluralArgument: String?, depth: Int) throws(Failure) -> String {
            guard depth <= MessageTemplate.maxNesting else { throw Failure(message: "choices nest more than \(MessageTemplate.maxNesting) deep") }
            var out = ""
            while index < characters.count {
                let character = characters[index]
                switch character {
                case "}":
                    return out
                case "'":
                    out += quoted(inPlural: pluralArgument != nil)
                case "#" where pluralArgument != nil:
                    out += "{{\(pluralArgument!)}}"
                    index += 1
                case "{":
                    index += 1
                    out += try argument(pluralArgument: pluralArgument, depth: depth)
                default:
                    out.append(character)
                    index += 1
                }
            }
            return out
        }

        /// An apostrophe: `''` is one, `'` before a syntax character quotes up to the next lone `'`.
        mutating func quoted(inPlural: Bool) -> String {
            index += 1
            guard index < characters.count else { return "'" }
            if characters[index] == "'" {
                index += 1
                return "'"
            }
            guard "{}|".contains(characters[index]) || (inPlural && characters[index] == "#") else { return "'" }
            var out = ""
            while index < characters.count {
                if characters[index] == "'" {
                    if index + 1 < characters.count, characters[index + 1] == "'" {
                        out += "'"
                        index += 2
                        continue
                    }
                    index += 1
                    return out
                }
                out.append(characters[index])
                index += 1
            }
            return out
        }

        /// `{name}` or `{name, kind, key {…} …}`, after its `{`.
        mutating func argument(pluralArgument: String?, depth: Int) throws(Failure) -> String {
            let name = word(until: ",}")
            guard !name.isEmpty, index < characters.count else { throw Failure(message: "an argument '{\(name)' is not closed") }
            if characters[index] == "}" {
                index += 1
                return "{{\(name)}}"
            }
            index += 1
            let type = word(until: ",}")
            guard index < characters.count, characters[index] == ",",
                let kind = ["plural": "plural", "selectordinal": "ordinal", "select": "select"][type]
            else { throw Failure(message: "'{\(name), \(type)' is not a plural, selectordinal or select argument") }
            index += 1
            var out = kind == "select" ? "{{#match \(name)}}" : "{{#match \(name) \(kind)}}"
            while true {
                skipBlanks()
                guard index < characters.count else { throw Failure(message: "'{\(name), \(type), …' is not closed") }
                if characters[index] == "}" {
                    index += 1
                    return out + "{{/match}}"
                }
                let key = word(until: "{}")
                guard !key.isEmpty, index < characters.count, characters[index] == "{" else {
                    throw Failure(message: "a branch of '{\(name), \(type), …' has no key or no '{'")
                }
                index += 1
                out += key == "other" ? "{{*}}" : "{{\(key)}}"
                out += try message(pluralArgument: kind == "select" ? pluralArgument : name, depth: depth + 1)
                guard index < characters.count else { throw Failure(message: "a branch '\(key) {' of '{\(name), …' is not closed") }
                index += 1
            }
        }

        /// The next run of characters up to one of `stops` or a blank, without blanks around it.
        mutating func word(until stops: String) -> String {
            skipBlanks()
            var out = ""
            while index < characters.count, !stops.contains(characters[index]), !characters[index].isWhitespace {
                out.append(characters[index])
                index += 1
            }
            skipBlanks()
            return out
        }

        mutating func skipBlanks() {
            while index < characters.count, characters[index].isWhitespace { index += 1 }
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotLocalization
import BotSupport
import Testing

/// The message template language as a translator writes it: the part of Mustache a message needs,
/// parsed by the engine's own parser, with errors that name the line.
@Suite struct MessageTemplateTests {
    func template(_ source: String, line: Int? = 10) throws(FileError) -> MessageTemplate {
        try MessageTemplate(source, file: "t.yaml", key: "messages.result", line: line)
    }

    @Test func valuesSectionsAndVariantsRender() throws {
        let text = try template("{{issue}} {{#streak}}[{{streak}}]{{/streak}}{{^time}}no time{{/time}} {{{value}}} {{& game_type}}{{! a note }}")
        #expect(text.render(["issue": "7", "streak": "2 draws", "value": "<1>", "game_type": "G"]) == "7 [2 draws]no time <1> G")
        #expect(text.render(["issue": "7", "time": "08:00", "value": "1", "game_type": "G"]) == "7  1 G")
        #expect(text.names == ["issue", "streak", "time", "value", "game_type"])

        let variant = try template("{{#streak_color=Violet}}V{{/streak_color=violet}}", line: nil)
        let phrase = try MessageTemplate(
            "{{^=1}}many{{/=1}}", file: "t.yaml", key: "plurals.streak", placeholders: MessageTemplate.phrasePlaceholders)
        #expect(variant.render([:], variants: ["streak_color": "VIOLET"]) == "V")
        #expect(phrase.render([:], variants: ["count": "1"]) == "")
        #expect(phrase.render([:], variants: ["count": "2"]) == "many")
    }

    /// Mustache's standalone lines: a line holding only a section tag (or a comment) leaves no
    /// blank line behind; a line with anything else keeps its tags inline.
    @Test func aLineWithOnlyASectionTagLeavesNoBlankLine() throws {
        let text = try template("Period {{issue}}\n  {{#streak}}  \n🔥 {{streak}}\n{{/streak}}\n{{! note }}\nend {{#time}}{{time}}{{/time}}\n")
        #expect(text.render(["issue": "7", "streak": "3 draws"]) == "Period 7\n🔥 3 draws\nend \n")
        #expect(text.render(["issue": "7"]) == "Period 7\nend \n")
    }

    @Test(arguments: [
        ("a\n{{#streak}}\nb", 11, "'{{#streak}}' is never closed"),
        ("a\nb {{/streak}}", 11, "'{{/streak}}' closes a section that is not open"),
        ("{{#streak}}\n{{/time}}", 11, "'{{/time}}' does not close '{{#streak}}' (line 1 of the text)"),
        ("a\n\nb {{issue", 12, "'{{issue' is not closed by '}}'"),
        ("{{is sue}}", 10, "'{{is sue}}' is not a placeholder"),
        ("x\n{{ > partial}}", 11, "'{{>' (partials, inheritance, delimiter changes) is not allowed"),
        ("{{#color=}}{{/color=}}", 10, "is not a variant section"),
    ])
    func aTemplateThatDoesNotParseNamesItsLine(source: String, line: Int, message: String) throws {
        let error = #expect(throws: FileError.self) { try template(source) }
        #expect(error?.line == line, "\(String(describing: error))")
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
    }

    @Test func dottedNamesOtherThanOrdinalCategoriesAreUnknown() throws {
        let error = #expect(throws: FileError.self) { try template("{{issue.x}} {{ordinal.few}}") }
        #expect(error?.message.contains("unknown placeholders 'issue.x', 'ordinal.few'") == true, "\(String(describing: error))")
        let phrase = try MessageTemplate(
            "{{#ordinal.few}}rd{{/ordinal.few}}", file: "t.yaml", key: "plurals.streak", placeholders: MessageTemplate.phrasePlaceholders)
        #expect(phrase.ordinalCategories == [.few])
        #expect(phrase.render(["ordinal": ["few": true]]) == "rd")
    }
}

// SPDX-License-Identifier: Apache-2.0
import BotLocalization
import BotSupport
import TestHarness
import Testing

/// The game's name and its forms (`games:`, `{{game}}`, `{{game.definite}}`, `{{#match
/// game.gender}}`), as colours have theirs: a game the locale does not name shows its type tag,
/// and `locales check` names a game that lacks a form a text asks for.
@Suite struct GameNameTests {
    /// A locale in `formatting` whose `games:` are `games` (lines under the key) and whose result is `result`.
    func locale(games: String, result: String, formatting: String = "en_GB") -> String {
        LocaleFiles.full(extra: "formatting_locale: \(formatting)\ngames:\n\(games)", result: result)
    }

    /// `messages.result` of `yaml` for a bot of game `type`, filled as the bot fills it.
    func render(_ yaml: String, code: String = "en", type: String) throws -> String {
        let bundle = try LocaleBundle.parse(yaml: yaml, file: "\(code).yaml", code: code)
        let template = bundle.resultTemplate
        let game = bundle.gameValues(type, forms: template.gameForms)
        return template.render(game, variants: game)
    }

    static let english = "  RG5M: {label: \"Red-Green 5 min\", definite: \"the Red-Green 5 min game\"}"

    @Test func theLabelAndAFormRender() throws {
        let yaml = locale(games: Self.english, result: "{{game}} · {{game.definite}}")
        #expect(try render(yaml, type: "RG5M") == "Red-Green 5 min · the Red-Green 5 min game")
        // The config's tag is matched case-insensitively, as colour names are.
        #expect(try render(yaml, type: "rg5m") == "Red-Green 5 min · the Red-Green 5 min game")
        let plain = locale(games: "  RG5M: \"Red-Green 5 min\"", result: "🎲 {{game}}")
        #expect(try render(plain, type: "RG5M") == "🎲 Red-Green 5 min")
    }

    @Test func aSelectorChoosesOnTheGamesGender() throws {
        let games = """
              RG5M: {label: "Красно-зелёная пятиминутка", genitive: "красно-зелёной пятиминутки", gender: feminine}
              RG1M: {label: "Красно-зелёный блиц", genitive: "красно-зелёного блица", gender: masculine}
            """
        let result = "{{game}} {{#match game.gender}}{{feminine}}вернулась{{*}}вернулся{{/match}}; табло {{game.genitive}}"
        let yaml = locale(games: games, result: result, formatting: "ru_RU")
        #expect(try render(yaml, code: "ru", type: "RG5M") == "Красно-зелёная пятиминутка вернулась; табло красно-зелёной пятиминутки")
        #expect(try render(yaml, code: "ru", type: "RG1M") == "Красно-зелёный блиц вернулся; табло красно-зелёного блица")
    }

    @Test func aGameTheLocaleDoesNotNameShowsItsTagForEveryForm() throws {
        let games = "  RG5M: {label: Red-Green 5 min, definite: the Red-Green, gender: feminine}"
        let yaml = locale(games: games, result: "{{game}} · {{game.definite}} · {{#match game.gender}}{{feminine}}f{{*}}any{{/match}}")
        #expect(try render(yaml, type: "RG5M") == "Red-Green 5 min · the Red-Green · f")
        #expect(try render(yaml, type: "RG30S") == "RG30S · RG30S · any")
        let none = LocaleFiles.full(result: "{{game}} {{game.definite}}")
        #expect(try render(none, type: "RG5M") == "RG5M RG5M")
    }

    func check(_ files: [String: String], reference: String = "en") throws -> (String, [String]) {
        let dir = try LocaleFiles.directory(files)
        let found = try LocaleCheck.run(directory: dir, reference: reference).filter { $0.problem.key != "translated_from" }
        return (dir, found.map(\.description))
    }

    @Test func aFormATextAsksForThatAGameLacksIsAnErrorNamingTheGameAndTheForm() throws {
        let games = Self.english + "\n  RG1M: \"Red-Green 1 min\""
        let (dir, found) = try check(["en.yaml": locale(games: games, result: "{{game.definite}}")])
        #expect(
            found == [
                "\(dir)/en.yaml:6: error: games.RG1M.definite: is required: messages.result asks for the form 'definite' of the game "
                    + "(games: RG1M: {label: …, definite: …})"
            ], "\(found)")
        let selector = try check(["en.yaml": locale(games: "  RG5M: {label: x, definite: y}", result: "{{#match game.gender}}{{*}}z{{/match}}")])
        #expect(selector.1.count == 1 && selector.1[0].contains("games.RG5M.gender: is required"), "\(selector.1)")
    }

    @Test func aGameWithFormsNeedsALabelAndAFormIsChosenOnBySelect() throws {
        let (dir, found) = try check(["en.yaml": locale(games: "  RG5M: {definite: the game}", result: "{{game}}")])
        #expect(found.contains { $0.hasPrefix("\(dir)/en.yaml:5: error: games.RG5M: a game with forms needs a label") }, "\(found)")
        let plural = try check(["en.yaml": locale(games: Self.english, result: "{{#match game.gender plural}}{{*}}b{{/match}}")])
        #expect(plural.1.contains { $0.contains("by plural, but the game's form is chosen on by select") }, "\(plural.1)")
    }

    /// A game's name is taken from a fallback only in the file's language (pt-BR from pt): from
    /// another language's it would put a foreign word where the tag reads in any.
    @Test func aGameIsTakenFromAFallbackOnlyInTheSameLanguage() throws {
        let dir = try LocaleFiles.directory([
            "en.yaml": locale(games: Self.english, result: "{{game}}"),
            "pt.yaml": locale(games: "  RG5M: {label: Vermelho-Verde 5 min, definite: o Vermelho-Verde}", result: "{{game}}", formatting: "pt_PT")
                + "fallback: en\n",
            "pt-BR.yaml": "name: Português (Brasil)\nlog_prefix: \"[PT-BR]\"\nformatting_locale: pt_BR\n",
            "de.yaml": "name: Deutsch\nlog_prefix: \"[DE]\"\nformatting_locale: de_DE\nfallback: en\n",
        ])
        let brazil = try LocaleBundle.load(code: "pt-BR", directory: dir)
        #expect(brazil.gameValues("RG5M", forms: ["definite"]) == ["game": "Vermelho-Verde 5 min", "game.definite": "o Vermelho-Verde"])
        let german = try LocaleBundle.load(code: "de", directory: dir)
        #expect(german.gameValues("RG5M", forms: []) == ["game": "RG5M"])
    }
}

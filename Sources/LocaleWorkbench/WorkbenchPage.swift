// SPDX-License-Identifier: Apache-2.0
import BotEngine
import BotLocalization

/// The workbench's one page: every locale's messages as Telegram and Discord would show them, the
/// check's problems beside the message they concern, and a script that reloads the page when a
/// file changes (it asks `/version` every second).
enum WorkbenchPage {
    static func html(_ locales: WorkbenchLocales, version: String) -> String {
        var body = "<header><h1>RedGreen locales</h1><p class=\"summary\">\(locales.entries.count) locales · "
        let errors = locales.entries.reduce(0) { $0 + $1.problems.filter { $0.severity == .error }.count + ($1.loadError == nil ? 0 : 1) }
        body += "\(errors) error\(errors == 1 ? "" : "s")</p><nav>"
        body += locales.entries.map { "<a href=\"#locale-\(ChatMarkup.escape($0.code))\">\(ChatMarkup.escape($0.code))</a>" }.joined(separator: " ")
        body += "</nav></header>"
        if let error = locales.directoryError {
            body += "<p class=\"problem error directory\">\(ChatMarkup.escape(error))</p>"
        }
        body += "<section><h2>Trend picture</h2><img class=\"trend\" src=\"/trend.png\" alt=\"The trend picture of 100 sample draws\"></section>"
        for entry in locales.entries {
            body += section(entry)
        }
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>RedGreen locales</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <style>\(style)</style></head>
            <body data-version="\(ChatMarkup.escape(version))">\(body)
            <script>\(script)</script></body></html>
            """
    }

    private static func section(_ entry: WorkbenchLocales.Entry) -> String {
        let code = ChatMarkup.escape(entry.code)
        let direction = entry.rightToLeft ? "rtl" : "ltr"
        var html = "<section class=\"locale\" id=\"locale-\(code)\" data-code=\"\(code)\" data-direction=\"\(direction)\">"
        html += "<h2>\(code) · <span dir=\"auto\">\(ChatMarkup.escape(entry.name))</span></h2>"
        if let error = entry.loadError {
            html += "<p class=\"problem error load-error\">\(ChatMarkup.escape(error.description))</p>"
        }
        let placed = Set(entry.messages.map { "messages.\($0.key)" })
        let general = entry.problems.filter { problem in !placed.contains(where: { problem.problem.key.hasPrefix($0) }) }
        html += problems(general)
        for message in entry.messages {
            let own = entry.problems.filter { $0.problem.key.hasPrefix("messages.\(message.key)") }
            html += "<div class=\"message\" data-message=\"\(message.key)\"><h3>messages.\(message.key)</h3>\(problems(own))"
            for sample in message.samples {
                html += "<div class=\"sample\"><p class=\"arguments\">\(ChatMarkup.escape(sample.arguments.joined(separator: " · ")))</p>"
                html += "<div class=\"chats\"><div class=\"bubble telegram\" dir=\"\(direction)\">\(ChatMarkup.telegram(sample.telegram))</div>"
                html += "<div class=\"bubble discord\" dir=\"\(direction)\">\(ChatMarkup.discord(sample.discord))</div></div></div>"
            }
            html += "</div>"
        }
        return html + "</section>"
    }

    private static func problems(_ problems: [LocaleProblem]) -> String {
        guard !problems.isEmpty else { return "" }
        return "<ul class=\"problems\">" + problems.map { problem in
            "<li class=\"problem \(problem.severity.rawValue)\">\(ChatMarkup.escape(problem.description))</li>"
        }.joined() + "</ul>"
    }

    static let style = """
        body{font-family:"Noto Sans",system-ui,sans-serif;margin:0 2em 3em;background:#f4f4f6;color:#222}
        header{position:sticky;top:0;background:#f4f4f6;padding:.5em 0;border-bottom:1px solid #ccc}
        nav a{margin-right:.6em}
        .locale{background:#fff;border-radius:8px;padding:1em;margin:1em 0}
        .chats{display:flex;gap:1em;flex-wrap:wrap}
        .bubble{flex:1 1 22em;max-width:32em;padding:.6em .8em;border-radius:12px;white-space:normal;line-height:1.4}
        .bubble.telegram{background:#effdde;border:1px solid #c9e7b0}
        .bubble.discord{background:#313338;color:#dbdee1;font-family:"gg sans","Noto Sans",sans-serif}
        .bubble.discord blockquote{border-left:4px solid #4e5058;margin:0;padding-left:.6em}
        .bubble.discord code,.bubble.telegram code{background:rgba(0,0,0,.12);padding:0 .2em;border-radius:3px}
        .arguments{color:#666;font-size:.85em;margin:.8em 0 .3em}
        .problem.error{color:#b00020}.problem.warning{color:#8a5a00}
        .load-error{font-weight:bold}
        img.trend{max-width:100%}
        """

    static let script = """
        (function(){var v=document.body.dataset.version;setInterval(function(){fetch('/version',{cache:'no-store'})
        .then(function(r){return r.text()}).then(function(t){if(t&&t!==v){location.reload()}}).catch(function(){})},1000)})();
        """
}

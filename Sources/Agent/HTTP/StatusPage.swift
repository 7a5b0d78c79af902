import Foundation

/// The status page: one row per environment and the recent deployments,
/// server-rendered HTML with no script that reloads itself every 10 seconds.
enum StatusPage {
    static func html(_ reports: [EnvironmentReport], recent: [(environment: String, commit: String, result: String, time: Double)],
                     repository: String) -> String {
        var rows = ""
        for report in reports {
            let health: String
            if report.standby {
                health = "<span class=unknown>standby: another agent holds the Lease</span>"
            } else if let error = report.error {
                health = "<span class=bad>error</span><div class=note>\(escape(error))</div>"
            } else if report.deployedCommit == nil {
                health = "<span class=unknown>not deployed</span>"
            } else if report.unhealthy > 0 || report.result != "succeeded" {
                health = "<span class=bad>\(escape(report.result ?? "unknown"))\(report.unhealthy > 0 ? ", \(report.unhealthy) unhealthy" : "")</span>"
            } else {
                health = "<span class=good>healthy</span>"
            }
            let deployed = report.deployedCommit.map { "<code>\($0.prefix(7))</code> \(escape(report.deployedSubject))" } ?? "&mdash;"
            let drift = report.drifted == 0 ? "none" : "<span class=bad>\(report.drifted) object\(report.drifted == 1 ? "" : "s")</span>\(report.selfHeal ? " (healing)" : "")"
            rows += """
                <tr><td><b>\(escape(report.name))</b><div class=note>\(escape(report.branch))</div></td><td>\(deployed)</td>\
                <td>\(report.behind)</td><td>\(health)</td><td>\(drift)</td><td>\(time(report.lastSync))</td>\
                <td>\(report.pinnedTo.map { "pinned to <code>\($0.prefix(7))</code>" } ?? "")</td></tr>

                """
        }
        var deployments = ""
        for item in recent {
            deployments += "<tr><td>\(time(item.time))</td><td>\(escape(item.environment))</td><td><code>\(item.commit.prefix(7))</code></td><td>\(escape(item.result))</td></tr>\n"
        }
        return """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><meta http-equiv="refresh" content="10">
            <title>git-ops agent: \(escape(repository))</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin-bottom:2em}
            th,td{border-bottom:1px solid #ddd;padding:.4em .8em;text-align:left;vertical-align:top}th{background:#f4f4f4}
            .good{color:#176f2c;font-weight:bold}.bad{color:#b3261e;font-weight:bold}.unknown{color:#777}.note{color:#666;font-size:.85em}
            </style></head><body>
            <h1>git-ops agent: \(escape(repository))</h1>
            <table><tr><th>environment</th><th>deployed commit</th><th>commits behind</th><th>health</th><th>drift</th><th>last sync</th><th>pin</th></tr>
            \(rows)</table>
            <h2>Recent deployments</h2>
            <table><tr><th>time</th><th>environment</th><th>commit</th><th>result</th></tr>
            \(deployments)</table>
            </body></html>

            """
    }

    static func time(_ seconds: Double?) -> String {
        guard let seconds else { return "&mdash;" }
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }

    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}

import Reconcile

/// What a hook tells the pusher, on standard error (git relays it): what was
/// checked, then each finding on a line of its own. On GitLab (`GL_ID` set)
/// every line starts with `GL-HOOK-ERR: ` so the web interface shows it.
struct HookReport {
    /// Whether to use GitLab's prefix.
    var gitLab: Bool

    func print(_ verdict: PushGuard.Verdict) {
        for (environment, diff) in verdict.diffs {
            write(["git-ops: environment '\(environment)': " + (diff.isEmpty ? "no change to the rendered objects" : "rendered diff:")]
                  + diff.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init), asError: false)
        }
        var lines = verdict.checked.map { result in
            "git-ops: environment '\(result.environment)': "
                + (result.objectCount.map { "renders \($0) object\($0 == 1 ? "" : "s")" } ?? "does not render")
                + (result.reused ? " (nothing it reads changed; checked before)" : "")
                + (result.unitsRendered.map { " (\($0.count) of its \($0.of) resources changed; only \($0.count == 1 ? "that one" : "those") rendered again)" } ?? "")
        }
        // Audit policies warn and let the push through.
        lines += verdict.checked.flatMap(\.warnings).map { "git-ops: warning: \(Self.shown($0))" }
        if let bypass = verdict.bypass {
            lines.append("git-ops: checks failed, bypassed with -o ops.skip by \(bypass)")
            lines += verdict.findings.map { "git-ops: \(Self.shown($0))" }
            write(lines, asError: false)
        } else if verdict.rejects {
            write(lines, asError: false)
            reject(verdict.findings)
        } else {
            write(lines, asError: false)
        }
    }

    /// Prints the findings that reject the push.
    func reject(_ findings: [Finding]) {
        let count = findings.count
        write(["git-ops: push rejected: \(count) problem\(count == 1 ? "" : "s")"]
              + findings.map { "git-ops: \(Self.shown($0))" }, asError: true)
    }

    static func shown(_ finding: Finding) -> String {
        (finding.ref.map { "\($0): " } ?? "") + finding.description
    }

    func write(_ lines: [String], asError: Bool) {
        guard !lines.isEmpty else { return }
        let prefix = gitLab && asError ? "GL-HOOK-ERR: " : ""
        FileHandleOutput.standardError.write(lines.map { prefix + $0 + "\n" }.joined())
    }
}

/// The hook scripts `git ops hooks install` writes and `make install` ships in
/// `share/git-ops/hooks/` (the files of `hooks/` in the source tree, which a
/// test keeps equal to these): each checks that `git-ops-hook` is on PATH, with
/// a message that says what to do, then execs it, as git-lfs's hooks do.
enum HookShim {
    /// The hooks git-ops installs.
    static let names = ["pre-receive", "update", "post-receive"]

    /// The line that marks a hook as git-ops' own: only such a hook is replaced or removed.
    static let marker = "# Installed by git-ops ('git ops hooks install'); 'git ops hooks install --uninstall' removes it."

    /// The script of hook `name`.
    static func script(_ name: String) -> String {
        let (purpose, missing, status) = details(name)
        return """
            #!/bin/sh
            \(purpose)
            # The work lives in 'git-ops-hook' (see git-ops-hooks(5)).
            \(marker)
            if ! command -v git-ops-hook >/dev/null 2>&1; then
            \techo "git-ops: 'git-ops-hook' is not on PATH, \(missing)" >&2
            \techo "git-ops: install git-ops on the server ('make install', see its README) or remove hooks/\(name)." >&2
            \texit \(status)
            fi
            exec git-ops-hook \(name) "$@"

            """
    }

    static func details(_ name: String) -> (purpose: String, missing: String, status: Int) {
        switch name {
        case "update":
            return ("""
                # git-ops update hook shim: git runs it once per ref with '<ref> <old> <new>'
                # as arguments; a non-zero exit rejects that ref.
                """, "so this ref cannot be checked.", 1)
        case "post-receive":
            return ("""
                # git-ops post-receive hook shim: git runs it after a push has landed, with one
                # line per updated ref on stdin ("<old> <new> <ref>"); its exit status cannot
                # undo the push.
                """, "so git-ops did not see this push land.", 0)
        default:
            return ("""
                # git-ops pre-receive hook shim: git runs it once per push with one line per
                # ref on stdin ("<old> <new> <ref>"); a non-zero exit rejects the whole push.
                """, "so this push cannot be checked.", 1)
        }
    }
}

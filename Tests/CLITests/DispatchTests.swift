import Foundation
import Testing

@Suite("verb dispatch")
struct DispatchTests {
    @Test("prints the version")
    func version() throws {
        let result = try CLIRunner.run(["version"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("git-ops version "))
    }

    @Test("shows help for every verb", arguments: ["cluster", "render", "version"])
    func help(verb: String) throws {
        let result = try CLIRunner.run([verb, "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE: git-ops \(verb)"))
    }

    @Test("--help on a terminal shows the verb's man page, as git does")
    func helpOpensManPage() throws {
        // A terminal is needed; `script` gives the binary one.
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script"),
              FileManager.default.isExecutableFile(atPath: "/usr/bin/man") else {
            print("skipped: script(1) or man(1) is not installed")
            return
        }
        let manual = CLIRunner.packageRoot.appendingPathComponent("man").path
        let command = "\(CLIRunner.binary.path) render --help"
        let result = try CLIRunner.run(["-q", "-e", "-c", command, "/dev/null"],
                                       executable: URL(fileURLWithPath: "/usr/bin/script"),
                                       environment: ["MANPATH": manual, "MANPAGER": "cat", "PAGER": "cat", "MANWIDTH": "80"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("GIT-OPS-RENDER(1)"), "\(result.stdout)")
        #expect(!result.stdout.contains("USAGE: git-ops render"))
    }

    @Test("every verb has a man page, and the main page lists it")
    func manPages() throws {
        let verbs = try CLIRunner.run(["--list-verbs"]).stdout.split(separator: "\n").map(String.init)
        #expect(verbs.contains("render"))
        let manual = CLIRunner.packageRoot.appendingPathComponent("man/man1")
        let main = try String(contentsOf: manual.appendingPathComponent("git-ops.1"), encoding: .utf8)
        for verb in verbs {
            #expect(main.contains(".B \(verb)"), "git-ops.1 does not list \(verb)")
            if verb != "version" {
                #expect(FileManager.default.fileExists(atPath: manual.appendingPathComponent("git-ops-\(verb).1").path),
                        "no man page for \(verb)")
            }
        }
    }

    @Test("an unknown verb runs git-ops-<verb> from PATH")
    func externalVerb() throws {
        let directory = try TemporaryDirectory()
        let script = directory.url.appendingPathComponent("git-ops-hello")
        try "#!/bin/sh\necho \"hello $*\"\n".write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        let path = directory.url.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "")
        let result = try CLIRunner.run(["hello", "a", "b"], environment: ["PATH": path])
        #expect(result.status == 0)
        #expect(result.stdout == "hello a b\n")
    }

    @Test("an unknown verb with no command behind it is a usage error")
    func unknownVerb() throws {
        let result = try CLIRunner.run(["frobnicate"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("'frobnicate' is not a git-ops command"))
    }

    @Test("help for a verb that does not exist is a usage error; help for an external verb is its own")
    func helpForUnknownVerb() throws {
        let result = try CLIRunner.run(["help", "nope"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("'nope' is not a git-ops command"))
        #expect(result.stdout.isEmpty)
        let directory = try TemporaryDirectory()
        let script = directory.url.appendingPathComponent("git-ops-hello")
        try "#!/bin/sh\necho \"hello $*\"\n".write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        let path = directory.url.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "")
        let external = try CLIRunner.run(["help", "hello"], environment: ["PATH": path])
        #expect(external.status == 0)
        #expect(external.stdout == "hello --help\n")
    }

    @Test("a bad option is a usage error")
    func badOption() throws {
        let result = try CLIRunner.run(["render", "--no-such-option"])
        #expect(result.status == 64)
    }
}

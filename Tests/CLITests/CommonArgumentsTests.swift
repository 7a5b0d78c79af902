import ArgumentParser
import Testing

@testable import GitOpsCLI

/// `git ops log` reads its plain forms without ArgumentParser; whatever it
/// reads must be what ArgumentParser reads from the same words.
@Suite("common argument forms")
struct CommonArgumentsTests {
    /// The reading of `arguments` without ArgumentParser, after checking that ArgumentParser reads the same.
    static func agreed(_ arguments: [String]) -> LogCommand.Options? {
        agreed(arguments, LogCommand.Options.init(commonArguments:), LogCommand.self, \.options)
    }

    /// The reading of `arguments` by `quick`, after checking that ArgumentParser reads the same into `Command`.
    static func agreed<Command: ParsableCommand, Options: Equatable>(
        _ arguments: [String], _ quick: ([String]) -> Options?, _ command: Command.Type, _ options: (Command) -> Options
    ) -> Options? {
        guard let read = quick(arguments) else { return nil }
        let parsed = try? Command.parse(arguments)
        #expect(parsed != nil, "ArgumentParser refuses \(arguments), which the common forms took")
        if let parsed { #expect(read == options(parsed), "\(arguments)") }
        return read
    }

    static func agreedRender(_ arguments: [String]) -> RenderCommand.Options? {
        agreed(arguments, RenderCommand.Options.init(commonArguments:), RenderCommand.self, \.options)
    }

    @Test("the forms people type are read, as ArgumentParser reads them")
    func commonForms() throws {
        let forms: [[String]] = [
            [], ["prod"], ["dev", "prod"], ["-n", "20"], ["--max-count", "3", "prod"], ["--max-count=7"],
            ["--oneline"], ["--no-pager", "--oneline", "-n", "1", "dev"], ["--output", "json"], ["--output=text", "prod"],
            ["prod", "-n", "5", "dev"], ["-n", "+4"], ["--max-count=-1"], ["-n", "0"],
        ]
        for form in forms {
            #expect(Self.agreed(form) != nil, "\(form) is left to ArgumentParser")
        }
        let read = try #require(LogCommand.Options(commonArguments: ["--no-pager", "-n", "2", "prod", "--output", "json"]))
        #expect(read.environments == ["prod"] && read.maxCount == 2 && read.noPager && read.output == .json && !read.oneline)
    }

    @Test("anything else is left to ArgumentParser, which words the error or the help")
    func otherForms() {
        let forms: [[String]] = [
            ["--help"], ["-h"], ["help"], ["--bogus"], ["-n"], ["-n", "x"], ["-n", "-3"], ["-n5"], ["--max-count", "1_000"],
            ["--output", "yaml"], ["--output"], ["--oneline=yes"], ["--oneline", "--oneline"], ["-n", "1", "-n", "2"],
            ["--", "prod"], ["-"], [""], ["--version"], ["--generate-completion-script", "bash"], ["-n", ""],
        ]
        for form in forms {
            #expect(LogCommand.Options(commonArguments: form) == nil, "\(form)")
        }
    }

    @Test("on random command lines the common reading, when there is one, is ArgumentParser's")
    func randomLines() {
        let words = ["prod", "dev", "-n", "--max-count", "--max-count=2", "3", "-1", "--oneline", "--no-pager",
                     "--output", "json", "text", "--output=json", "x", "--", "help", "-h", "=", "--oneline=1", "0"]
        var generator = SystemRandomNumberGenerator()
        var taken = 0
        for _ in 0..<1500 {
            let line = (0..<Int.random(in: 0...6, using: &generator)).map { _ in words.randomElement(using: &generator)! }
            if Self.agreed(line) != nil { taken += 1 }
        }
        #expect(taken > 50, "the common forms took only \(taken) of 1,500 lines")
    }

    @Test("render's plain forms are read as ArgumentParser reads them, and the rest left to it")
    func renderForms() throws {
        let taken: [[String]] = [
            [], ["clusters/prod"], ["clusters/dev", "clusters/prod"], ["--rev", "HEAD~1", "clusters/prod"], ["--rev=main"],
            ["--load-restrictor", "none", "."], ["--load-restrictor=LoadRestrictionsNone"], ["--show-secrets", "env"],
            ["overlay", "--rev", "v1.2"], ["--load-restrictor", "bogus"],
        ]
        for form in taken {
            #expect(Self.agreedRender(form) != nil, "\(form) is left to ArgumentParser")
        }
        let read = try #require(RenderCommand.Options(commonArguments: ["--rev", "abc", "a", "--show-secrets", "b"]))
        #expect(read == RenderCommand.Options(paths: ["a", "b"], rev: "abc", loadRestrictor: "rootOnly", showSecrets: true))
        let left: [[String]] = [["--help"], ["-h"], ["help"], ["--rev"], ["--rev", "-x"], ["--rev", "a", "--rev", "b"],
                                ["--show-secrets=yes"], ["--output", "json"], ["--", "dir"], ["-"], ["--version"]]
        for form in left {
            #expect(RenderCommand.Options(commonArguments: form) == nil, "\(form)")
        }
        var generator = SystemRandomNumberGenerator()
        let words = ["a", "b/c", "--rev", "HEAD", "--rev=x", "--load-restrictor", "none", "--show-secrets", "-h", "--", "=", "--x"]
        for _ in 0..<1000 {
            let line = (0..<Int.random(in: 0...5, using: &generator)).map { _ in words.randomElement(using: &generator)! }
            _ = Self.agreedRender(line)
        }
    }
}

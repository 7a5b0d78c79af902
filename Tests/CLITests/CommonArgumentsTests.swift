import ArgumentParser
import Testing

@testable import GitOpsCLI

/// `git ops log` reads its plain forms without ArgumentParser; whatever it
/// reads must be what ArgumentParser reads from the same words.
@Suite("common argument forms")
struct CommonArgumentsTests {
    /// The reading of `arguments` without ArgumentParser, after checking that ArgumentParser reads the same.
    static func agreed(_ arguments: [String]) -> LogCommand.Options? {
        guard let quick = LogCommand.Options(commonArguments: arguments) else { return nil }
        let parsed = try? LogCommand.parse(arguments)
        #expect(parsed != nil, "ArgumentParser refuses \(arguments), which the common forms took")
        if let parsed { #expect(quick == parsed.options, "\(arguments)") }
        return quick
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
}

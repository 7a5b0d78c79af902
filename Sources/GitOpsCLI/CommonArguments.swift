/// The argument forms people type most, read without ArgumentParser.
///
/// ArgumentParser learns a command's options by reflection: its first parse
/// in a process asks the Swift runtime about a hundred protocol conformances,
/// each a scan of every conformance record in the binary, which is most of
/// the time `git ops log` takes to show a page. A verb read interactively
/// can take its common forms from here instead and leave every other
/// command line (help, completion, anything unusual or wrong) to
/// ArgumentParser, which words the errors.
struct CommonArguments {
    private var remaining: [String]
    /// The options read so far (an array: a set's storage costs the first one
    /// made in a process a runtime search for `String`'s `Hashable` conformance).
    private var seen: [String] = []
    /// The arguments that are not options, in order.
    private(set) var positionals: [String] = []

    /// Reads `arguments` (after the verb); `nil` when one of them is not a
    /// plain option or a plain positional.
    init?(_ arguments: [String]) {
        // ArgumentParser's own words and forms: left to it.
        if arguments.contains(where: { ["help", "--", "-", ""].contains($0) }) { return nil }
        remaining = arguments
    }

    /// Takes the options and positionals in order; false at the first option
    /// `accept` does not know, or one given twice. `accept` is given an
    /// option's name and its value: the text after `=` (`--name=value`), or
    /// else the next argument unless that is an option itself. It returns how
    /// many arguments after the name it used (0 for a flag, 1 for a value;
    /// an attached value must be used), or nil to refuse the option.
    mutating func read(_ accept: (_ name: String, _ next: String?) -> Int?) -> Bool {
        var index = 0
        while index < remaining.count {
            let argument = remaining[index]
            guard argument.hasPrefix("-") else {
                positionals.append(argument)
                index += 1
                continue
            }
            var name = argument
            var attached: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                attached = String(argument[argument.index(after: equals)...])
            }
            guard !seen.contains(name) else { return false }
            seen.append(name)
            if let attached {
                guard accept(name, attached) == 1 else { return false }
                index += 1
                continue
            }
            let next = index + 1 < remaining.count ? remaining[index + 1] : nil
            guard let used = accept(name, next.flatMap { $0.hasPrefix("-") ? nil : $0 }) else { return false }
            index += 1 + used
        }
        return true
    }
}

extension LogCommand.Options {
    /// What `arguments` (after `log`) ask for, when they use only the plain
    /// forms of its options; `nil` leaves them to ArgumentParser.
    init?(commonArguments arguments: [String]) {
        guard var reader = CommonArguments(arguments) else { return nil }
        var options = LogCommand.Options()
        let known = reader.read { name, value in
            switch name {
            case "-n", "--max-count":
                // As ArgumentParser reads an `Int` option.
                guard let count = value.flatMap({ Int($0) }) else { return nil }
                options.maxCount = count
                return 1
            case "--output":
                guard let format = value.flatMap(OutputFormat.init(rawValue:)) else { return nil }
                options.output = format
                return 1
            case "--oneline":
                options.oneline = true
                return 0
            case "--no-pager":
                options.noPager = true
                return 0
            default:
                return nil
            }
        }
        guard known else { return nil }
        options.environments = reader.positionals
        self = options
    }
}

extension RenderCommand.Options {
    /// What `arguments` (after `render`) ask for, when they use only the plain
    /// forms of its options; `nil` leaves them to ArgumentParser.
    init?(commonArguments arguments: [String]) {
        guard var reader = CommonArguments(arguments) else { return nil }
        var options = RenderCommand.Options()
        let known = reader.read { name, value in
            switch name {
            case "--rev":
                guard let value else { return nil }
                options.rev = value
                return 1
            case "--load-restrictor":
                guard let value else { return nil }
                options.loadRestrictor = value
                return 1
            case "--show-secrets":
                options.showSecrets = true
                return 0
            default:
                return nil
            }
        }
        guard known else { return nil }
        options.paths = reader.positionals
        self = options
    }
}

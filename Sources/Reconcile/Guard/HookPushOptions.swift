/// The push options a hook receives (`git push -o <option>`): git passes them
/// as `GIT_PUSH_OPTION_COUNT` and `GIT_PUSH_OPTION_0..N-1` once the server sets
/// `receive.advertiseHookPushOptions`.
package struct HookPushOptions: Sendable, Equatable {
    /// The options, in the order given.
    package var options: [String]

    package init(_ options: [String]) {
        self.options = options
    }

    /// The options in a hook's environment; none when the count is missing or not a number.
    package init(environment: [String: String]) {
        let count = environment["GIT_PUSH_OPTION_COUNT"].flatMap { Int($0) } ?? 0
        options = (0..<max(0, min(count, 1000))).compactMap { environment["GIT_PUSH_OPTION_\($0)"] }
    }

    /// Whether `name` was given, alone or as `name=value`.
    package func contains(_ name: String) -> Bool {
        options.contains { $0 == name || $0.hasPrefix(name + "=") }
    }

    /// The value of the last `name=value`; `""` for `name` alone; `nil` when not given.
    package func value(of name: String) -> String? {
        for option in options.reversed() {
            if option == name { return "" }
            if option.hasPrefix(name + "=") { return String(option.dropFirst(name.count + 1)) }
        }
        return nil
    }
}

import ArgumentParser

/// `git ops version`: prints the version.
struct VersionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print the git-ops version."
    )

    func run() async throws {
        print("git-ops version \(Version.current)")
    }
}

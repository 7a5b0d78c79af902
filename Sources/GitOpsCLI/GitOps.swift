import ArgumentParser

/// The root command: `git ops <verb>`.
struct GitOps: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "git-ops",
        abstract: "GitOps that lives inside git.",
        discussion: """
            Renders Kustomize overlays and plain YAML from any commit, and keeps
            the deployment history in the repository's own refs and notes.
            Run as 'git ops <verb>'; see 'git help ops' for the manual.
            """,
        version: Version.current,
        subcommands: GitOps.verbs
    )

    /// Every built-in verb, in the order `--help` lists them.
    static let verbs: [any ParsableCommand.Type] = [
        InitCommand.self,
        SyncCommand.self,
        DiffCommand.self,
        ValidateCommand.self,
        StatusCommand.self,
        RollbackCommand.self,
        RenderCommand.self,
        LogCommand.self,
        SecretCommand.self,
        PolicyCommand.self,
        AgentCommand.self,
        ClusterCommand.self,
        HooksCommand.self,
        HookCommand.self,
        VersionCommand.self,
    ]

    /// The names of the built-in verbs, for dispatch and for `make install`'s links.
    static var verbNames: [String] {
        verbs.map { $0.configuration.commandName ?? "" }
    }
}

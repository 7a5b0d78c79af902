import Git

/// Reads `.gitops.yaml` at a commit for the checks: its absence is no
/// environment at all, and a file that cannot be decoded is a finding with
/// its line, not an error that stops the other checks.
package enum ConfigurationCheck {
    /// The file at `commit`; `nil` with no finding when there is none, `nil`
    /// with a finding when it cannot be read.
    package static func read(_ repository: Repository, at commit: ObjectID) -> (file: GitOpsFile?, finding: Finding?) {
        let bytes: [UInt8]
        do {
            let tree = try repository.tree(at: commit)
            guard tree.entryKind(GitOpsFile.fileName) != nil else { return (nil, nil) }
            bytes = try tree.readFile(GitOpsFile.fileName)
        } catch {
            return (nil, Finding(.configuration, "cannot read it at \(commit.short): \(error)", file: GitOpsFile.fileName))
        }
        do {
            return (try GitOpsFile.decode(bytes, file: "\(GitOpsFile.fileName)@\(commit.short)"), nil)
        } catch let error as ConfigurationError {
            return (nil, Finding(.configuration, error.message, file: GitOpsFile.fileName,
                                 line: SourceLines.line(inMessage: error.message)))
        } catch {
            return (nil, Finding(.configuration, "\(error)", file: GitOpsFile.fileName))
        }
    }
}

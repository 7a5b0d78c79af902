import CGit2

extension Repository {
    /// The value of the git config variable `key` (`ops.remote`), or `nil` when no level sets it.
    package func configValue(_ key: String) throws -> String? {
        try Self.configString(handle.pointer, key)
    }

    /// Sets `core.logAllRefUpdates=always` in the repository's own config, so every
    /// reference update, `refs/ops/*` included, is logged even in a bare repository.
    ///
    /// Without it a bare repository logs nothing, and libgit2 ignores even an
    /// existing log file there; a non-bare one logs only branches, remotes,
    /// notes and HEAD. `updateReference` creates the log of the reference it
    /// writes, which suffices in non-bare repositories.
    package func enableReflogForAllRefs() throws {
        try setLocalConfig("core.logAllRefUpdates", to: "always")
    }

    /// The value of a config variable, or `nil` when no level sets it.
    static func configString(_ repository: OpaquePointer, _ key: String) throws -> String? {
        let config = try Handle.make("cannot read config '\(key)'", release: { git_config_free($0) }) {
            git_repository_config_snapshot(&$0, repository)
        }
        let (result, value) = Libgit2.string { git_config_get_string_buf(&$0, config.pointer, key) }
        if result == GIT_ENOTFOUND.rawValue { return nil }
        try GitError.check(result, "cannot read config '\(key)'")
        return value
    }

    /// Writes `key = value` into the repository's own config file (`config` in its git directory).
    func setLocalConfig(_ key: String, to value: String) throws {
        let context = "cannot set '\(key)' in '\(gitDirectory)/config'"
        try requireWritable(context)
        let config = try Handle.make(context, release: { git_config_free($0) }) {
            git_repository_config(&$0, handle.pointer)
        }
        let local = try Handle.make(context, release: { git_config_free($0) }) {
            git_config_open_level(&$0, config.pointer, GIT_CONFIG_LEVEL_LOCAL)
        }
        try GitError.check(git_config_set_string(local.pointer, key, value), context)
    }
}

import CGit2

extension Repository {
    /// The value of the git config variable `key` (`ops.remote`), or `nil` when no level sets it.
    package func configValue(_ key: String) throws -> String? {
        try Self.configString(handle.pointer, key)
    }

    /// The boolean git config variable `key` (`ops.push`), read as git reads one
    /// (`true`, `yes`, `on`, `1`, a key with no value; `false`, `no`, `off`, `0`,
    /// empty), or `nil` when no level sets it; any other value is an error naming the key.
    package func configBool(_ key: String) throws -> Bool? {
        let context = "bad boolean config value for '\(key)'"
        let config = try Handle.make(context, release: { git_config_free($0) }) {
            git_repository_config_snapshot(&$0, handle.pointer)
        }
        var value: Int32 = 0
        let result = git_config_get_bool(&value, config.pointer, key)
        if result == GIT_ENOTFOUND.rawValue { return nil }
        try GitError.check(result, context)
        return value != 0
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

    /// Sets `key = value` in the repository's own config (`git config key value`).
    package func setConfig(_ key: String, to value: String) throws {
        try setLocalConfig(key, to: value)
    }

    /// Adds `value` to the multi-valued `key` in the repository's own config unless
    /// it is there already (`git config --add`, once); true when it was added.
    @discardableResult
    package func addConfigValue(_ key: String, _ value: String) throws -> Bool {
        if try configValues(key).contains(value) { return false }
        let context = "cannot add '\(key)' in '\(gitDirectory)/config'"
        try requireWritable(context)
        let local = try localConfig(context)
        // A pattern that matches no value makes libgit2 add a new one rather than replace.
        try GitError.check(git_config_set_multivar(local.pointer, key, "^$^", value), context)
        return true
    }

    /// Every value of the multi-valued `key`, at every level, in the order git reads them.
    package func configValues(_ key: String) throws -> [String] {
        let context = "cannot read config '\(key)'"
        let config = try Handle.make(context, release: { git_config_free($0) }) {
            git_repository_config_snapshot(&$0, handle.pointer)
        }
        var values: [String] = []
        // A pointer to the array itself: `&values` alone would pass its element storage.
        let result = withUnsafeMutablePointer(to: &values) { pointer in
            git_config_get_multivar_foreach(config.pointer, key, nil, { entry, payload in
                guard let entry, let value = entry.pointee.value, let payload else { return 0 }
                payload.assumingMemoryBound(to: [String].self).pointee.append(String(cString: value))
                return 0
            }, pointer)
        }
        if result == GIT_ENOTFOUND.rawValue { return [] }
        try GitError.check(result, context)
        return values
    }

    /// The names of the repository's remotes (`git remote`).
    ///
    /// Read from the config entries directly: libgit2's `git_remote_list`
    /// matches them with a regular expression whose compiled form it never
    /// frees (about 18 KiB a call), which a long-running agent cannot afford.
    package func remoteNames() throws -> [String] {
        let context = "cannot list the remotes"
        let config = try Handle.make(context, release: { git_config_free($0) }) {
            git_repository_config_snapshot(&$0, handle.pointer)
        }
        let iterator = try Handle.make(context, release: { git_config_iterator_free($0) }) {
            git_config_iterator_new(&$0, config.pointer)
        }
        // As git_remote_list: the remotes with a url or a pushurl, in config order, once each.
        var names: [String] = []
        var entry: UnsafeMutablePointer<git_config_entry>?
        while true {
            let result = git_config_next(&entry, iterator.pointer)
            if result == GIT_ITEROVER.rawValue { break }
            try GitError.check(result, context)
            guard let entry, let raw = entry.pointee.name else { continue }
            let key = String(cString: raw)
            guard key.hasPrefix("remote.") else { continue }
            let rest = key.dropFirst("remote.".count)
            let name = rest.hasSuffix(".url") ? rest.dropLast(".url".count)
                : rest.hasSuffix(".pushurl") ? rest.dropLast(".pushurl".count) : nil
            if let name, !name.isEmpty, !names.contains(String(name)) { names.append(String(name)) }
        }
        return names
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
        let local = try localConfig(context)
        try GitError.check(git_config_set_string(local.pointer, key, value), context)
    }

    /// The repository's own config file, for writing.
    private func localConfig(_ context: String) throws -> Handle<OpaquePointer> {
        let config = try Handle.make(context, release: { git_config_free($0) }) {
            git_repository_config(&$0, handle.pointer)
        }
        return try Handle.make(context, release: { git_config_free($0) }) {
            git_config_open_level(&$0, config.pointer, GIT_CONFIG_LEVEL_LOCAL)
        }
    }
}

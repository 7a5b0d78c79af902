import ArgumentParser
import Foundation
import Git
import Manifests
import Reconcile
import Secrets
import State

/// `git ops secret`: SOPS files for age, as sops writes and reads them.
struct SecretCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secret",
        abstract: "Encrypt and decrypt files with sops' format for age keys.",
        discussion: """
            Files encrypted here decrypt with sops 3.x, and files sops encrypted decrypt here. \
            Recipients come from --age or the first creation rule of .sops.yaml (searched from \
            the current directory up) whose path_regex matches the file; keys for decrypting from \
            SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, git config ops.ageKeyFile and \
            ~/.config/sops/age/keys.txt. See git-ops-secret(1).
            """,
        subcommands: [Keygen.self, Encrypt.self, Decrypt.self, Edit.self, Rotate.self]
    )

    /// `keygen`: a new age identity, as age-keygen prints it.
    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "keygen", abstract: "Make a new age key.")

        @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("Write the key to this file (mode 600) instead of standard output.", valueName: "file"))
        var output: String?

        func run() throws {
            let identity = try AgeX25519Identity.generate()
            let text = "# created: \(UTCTime.format(UTCTime.now()))\n# public key: \(identity.recipient)\n\(identity.secretKeyText)\n"
            guard let output else {
                print(text, terminator: "")
                return
            }
            guard !FileManager.default.fileExists(atPath: output) else {
                throw CLIError(.fatal, "'\(output)' exists; git-ops does not overwrite a key file")
            }
            guard FileManager.default.createFile(atPath: output, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
                throw CLIError(.fatal, "cannot write '\(output)'")
            }
            FileHandleOutput.standardError.write("Public key: \(identity.recipient)\n")
        }
    }

    /// `encrypt`: a plaintext YAML or JSON file, for the recipients of `--age` or `.sops.yaml`.
    struct Encrypt: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "encrypt", abstract: "Encrypt a YAML, JSON or dotenv file for age recipients.")

        @Argument(help: "The file to encrypt.")
        var file: String

        @Option(name: .long, help: ArgumentHelp("Comma-separated age recipients (default: from .sops.yaml).", valueName: "recipients"))
        var age: String?

        @Option(name: .long, help: ArgumentHelp("Encrypt only the values whose key matches.", valueName: "regex"))
        var encryptedRegex: String?

        @Option(name: .long, help: ArgumentHelp("Encrypt every value but those whose key matches.", valueName: "regex"))
        var unencryptedRegex: String?

        @Option(name: .long, help: ArgumentHelp("Encrypt only the values whose key ends so.", valueName: "suffix"))
        var encryptedSuffix: String?

        @Option(name: .long, help: ArgumentHelp("Leave the values whose key ends so (default: _unencrypted).", valueName: "suffix"))
        var unencryptedSuffix: String?

        @Flag(name: .long, help: "The MAC covers only the encrypted values.")
        var macOnlyEncrypted = false

        @Flag(name: [.customShort("i"), .customLong("in-place")], help: "Rewrite the file instead of printing.")
        var inPlace = false

        func run() throws {
            let bytes = try SecretFiles.read(file)
            let format = SOPSFile.Format(path: file)
            if SOPSFile.isEncrypted(bytes, format: format) { throw CLIError(.fatal, "'\(file)' is already encrypted with sops") }
            var creation = try SecretFiles.creationRule(for: file)
            if let age {
                do {
                    creation.recipients = try age.split(separator: ",").map { try AgeRecipient(parsing: $0.trimmingCharacters(in: .whitespaces)) }
                } catch let error as SecretsError {
                    throw CLIError(.usage, "invalid --age: \(error.message)")
                }
            }
            let flags = [encryptedRegex.map(SOPSEncryptionRule.encryptedRegex), unencryptedRegex.map(SOPSEncryptionRule.unencryptedRegex),
                         encryptedSuffix.map(SOPSEncryptionRule.encryptedSuffix), unencryptedSuffix.map(SOPSEncryptionRule.unencryptedSuffix)]
                .compactMap { $0 }
            guard flags.count <= 1 else { throw CLIError(.usage, "give at most one of --encrypted-regex, --unencrypted-regex, --encrypted-suffix, --unencrypted-suffix") }
            if let rule = flags.first { creation.rule = rule }
            guard !creation.recipients.isEmpty else {
                throw CLIError(.usage, "no recipients for '\(file)': give --age age1..., or a creation rule in .sops.yaml whose path_regex matches it")
            }
            let documents = try SecretFiles.parse(bytes, format: format, file: file)
            let encrypted: [UInt8]
            do {
                encrypted = try SOPSFile.encrypt(documents, format: format, recipients: creation.recipients, rule: creation.rule,
                                                 macOnlyEncrypted: macOnlyEncrypted || creation.macOnlyEncrypted)
            } catch let error as SecretsError {
                throw CLIError(.fatal, "cannot encrypt '\(file)': \(error.message)")
            }
            try SecretFiles.write(encrypted, to: inPlace ? file : nil)
        }
    }

    /// `decrypt`: a SOPS file's plaintext.
    struct Decrypt: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "decrypt", abstract: "Decrypt a file sops encrypted.")

        @Argument(help: "The file to decrypt.")
        var file: String

        @Flag(name: [.customShort("i"), .customLong("in-place")], help: "Rewrite the file instead of printing.")
        var inPlace = false

        func run() throws {
            let bytes = try SecretFiles.read(file)
            let keyring = try SecretFiles.keyring(for: "'\(file)'")
            let format = SOPSFile.Format(path: file)
            let plaintext: SOPSFile.Plaintext
            do {
                plaintext = try SOPSFile.decrypt(bytes, name: file, format: format, identities: keyring.identities)
            } catch let error as SecretsError {
                throw CLIError(.fatal, error.message)
            }
            try SecretFiles.write(try SOPSFile.text(of: plaintext, format: format), to: inPlace ? file : nil)
        }
    }
}

extension SecretCommand {
    /// `rotate`: a new data key, wrapped for the recipients of now.
    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate",
            abstract: "Re-encrypt files with a new data key for the current recipients.",
            discussion: """
                Decrypts each file with your age keys and encrypts it again, with the same rule \
                for which values, for the recipients of --age, else of the file's creation rule in \
                .sops.yaml, else of the file itself: after a recipient is added to or removed from \
                .sops.yaml, or a key may have leaked. Rewrites the files in place.
                """
        )

        @Argument(help: "The files to rotate.")
        var files: [String]

        @Option(name: .long, help: ArgumentHelp("Comma-separated age recipients (default: .sops.yaml, else the file's).", valueName: "recipients"))
        var age: String?

        func run() throws {
            guard !files.isEmpty else { throw CLIError(.usage, "name the files to rotate") }
            let keyring = try SecretFiles.keyring(for: files.count == 1 ? "'\(files[0])'" : "the files")
            var named: [AgeRecipient]?
            if let age {
                do {
                    named = try age.split(separator: ",").map { try AgeRecipient(parsing: $0.trimmingCharacters(in: .whitespaces)) }
                } catch let error as SecretsError {
                    throw CLIError(.usage, "invalid --age: \(error.message)")
                }
            }
            // Every file is re-encrypted before any is written: one that fails leaves all as they were.
            var rotated: [(String, [UInt8])] = []
            for file in files {
                let bytes = try SecretFiles.read(file)
                let format = SOPSFile.Format(path: file)
                guard let settings = SOPSFile.settings(bytes, format: format) else { throw CLIError(.fatal, "'\(file)' is not encrypted with sops") }
                let creation = try SecretFiles.creationRule(for: file)
                let recipients = named ?? (creation.recipients.isEmpty ? settings.recipients : creation.recipients)
                guard !recipients.isEmpty else { throw CLIError(.fatal, "'\(file)': no age recipient to encrypt for; give --age") }
                do {
                    let documents = SecretFiles.documents(of: try SOPSFile.decrypt(bytes, name: file, format: format, identities: keyring.identities))
                    rotated.append((file, try SOPSFile.encrypt(documents, format: format, recipients: recipients, rule: settings.rule,
                                                               macOnlyEncrypted: settings.macOnlyEncrypted)))
                } catch let error as SecretsError {
                    throw CLIError(.fatal, error.message)
                }
            }
            for (file, bytes) in rotated {
                try SecretFiles.write(bytes, to: file)
                FileHandleOutput.standardError.write("rotated \(file)\n")
            }
        }
    }
}

extension SecretCommand {
    /// `edit`: the plaintext in `$EDITOR`, in a private directory in memory, re-encrypted on save.
    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit",
            abstract: "Edit the plaintext of an encrypted file and encrypt it again.",
            discussion: """
                Decrypts the file into a private directory (mode 700, under $XDG_RUNTIME_DIR or \
                /dev/shm, which live in memory), runs $VISUAL or $EDITOR (else vi) on it, and \
                encrypts what was saved with a new data key for the same recipients and rule. The \
                plaintext is removed when the editor exits, and when the command is interrupted, \
                terminated or hung up.
                """
        )

        @Argument(help: "The encrypted file to edit.")
        var file: String

        func run() throws {
            let bytes = try SecretFiles.read(file)
            let format = SOPSFile.Format(path: file)
            guard let settings = SOPSFile.settings(bytes, format: format) else {
                throw CLIError(.fatal, "'\(file)' is not encrypted with sops; encrypt it first with 'git ops secret encrypt -i \(file)'")
            }
            let keyring = try SecretFiles.keyring(for: "'\(file)'")
            let plaintext: [UInt8]
            do {
                plaintext = try SOPSFile.text(of: try SOPSFile.decrypt(bytes, name: file, format: format, identities: keyring.identities), format: format)
            } catch let error as SecretsError {
                throw CLIError(.fatal, error.message)
            }
            let scratch = try PrivateScratch(name: (file as NSString).lastPathComponent, contents: plaintext)
            defer { scratch.remove() }
            let editor = ["VISUAL", "EDITOR"].lazy.compactMap { ProcessInfo.processInfo.environment[$0] }.first { !$0.isEmpty } ?? "vi"
            let status = EntryPoint.spawn(["/bin/sh", "-c", "exec \(editor) \"$1\"", "sh", scratch.file], quiet: false)
            guard status == 0 else { throw CLIError(.fatal, "the editor '\(editor)' failed (status \(status)); '\(file)' is unchanged") }
            let edited = try SecretFiles.read(scratch.file)
            guard edited != plaintext else {
                FileHandleOutput.standardError.write("'\(file)' is unchanged\n")
                return
            }
            let parsed = try SecretFiles.parse(edited, format: format, file: "the edited '\(file)'", remedy: "; '\(file)' is unchanged")
            let creation = try SecretFiles.creationRule(for: file)
            do {
                let encrypted = try SOPSFile.encrypt(parsed, format: format, recipients: creation.recipients.isEmpty ? settings.recipients : creation.recipients,
                                                     rule: settings.rule, macOnlyEncrypted: settings.macOnlyEncrypted)
                try SecretFiles.write(encrypted, to: file)
            } catch let error as SecretsError {
                throw CLIError(.fatal, "cannot encrypt the edited '\(file)': \(error.message)")
            }
        }
    }
}

/// A private directory in memory holding one file of plaintext, removed by
/// `remove()`; should the process be interrupted, terminated or hung up
/// first, by a signal handler (unlink and rmdir are safe there); and should
/// it be killed outright, by a watchdog in a session of its own that waits
/// for the end of a pipe only this process holds.
final class PrivateScratch {
    let directory: String
    let file: String
    /// The write end of the watchdog's pipe; closing it (or dying) sets the watchdog off.
    private var watchdog: Int32 = -1
    nonisolated(unsafe) static var paths: (file: UnsafeMutablePointer<CChar>, directory: UnsafeMutablePointer<CChar>)?

    init(name: String, contents: [UInt8]) throws {
        let environment = ProcessInfo.processInfo.environment
        let base = environment["XDG_RUNTIME_DIR"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory())
        var template = Array((base + "/git-ops-edit-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }) else {
            throw CLIError(.fatal, "cannot make a private directory in \(base)")
        }
        directory = String(cString: made)
        _ = template
        file = directory + "/" + name
        Self.paths = (strdup(file), strdup(directory))
        watchdog = Self.startWatchdog(removing: directory)
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            Glibc.signal(signal) { number in
                if let paths = PrivateScratch.paths {
                    unlink(paths.file)
                    rmdir(paths.directory)
                }
                _exit(128 + number)
            }
        }
        guard FileManager.default.createFile(atPath: file, contents: Data(contents), attributes: [.posixPermissions: 0o600]) else {
            remove()
            throw CLIError(.fatal, "cannot write the plaintext into \(directory)")
        }
    }

    /// `sh -c 'read; rm -rf dir'` reading a pipe whose write end only this
    /// process holds (close-on-exec, so the editor does not): EOF comes when it
    /// closes it or dies, however it dies. Returns the write end, -1 if none.
    static func startWatchdog(removing directory: String) -> Int32 {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return -1 }
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, ends[0], 0)
        posix_spawn_file_actions_addclose(&actions, ends[1])
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(0x80))  // POSIX_SPAWN_SETSID: a group kill spares it
        let words: [String] = ["/bin/sh", "-c", "read _; rm -rf \"$1\"", "sh", directory]
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, environ)
        close(ends[0])
        guard status == 0 else {
            close(ends[1])
            return -1
        }
        return ends[1]
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
        if watchdog >= 0 {
            close(watchdog)
            watchdog = -1
        }
        for signal in [SIGINT, SIGTERM, SIGHUP] { Glibc.signal(signal, SIG_DFL) }
    }
}

/// Files of `git ops secret`: read, the creation rule, written whole.
enum SecretFiles {
    /// The user's age keys (see `AgeKeyring`); none is an error saying where to put one.
    static func keyring(for what: String) throws -> AgeKeyring {
        let configured = (try? Repository().configValue("ops.ageKeyFile")) ?? nil
        let keyring: AgeKeyring
        do {
            keyring = try AgeKeyring.load(environment: ProcessInfo.processInfo.environment, configuredFile: configured)
        } catch let error as SecretsError {
            throw CLIError(.fatal, error.message)
        }
        guard !keyring.identities.isEmpty else { throw CLIError(.fatal, "no age key to decrypt \(what) with; \(AgeKeyring.remedy)") }
        return keyring
    }

    /// The plaintext documents of `bytes` in `format` (dotenv: one mapping of its entries).
    static func parse(_ bytes: [UInt8], format: SOPSFile.Format, file: String, remedy: String = "") throws -> [Node] {
        do {
            switch format {
            case .json: return [try JSON.parse(bytes, source: file)]
            case .yaml: return try YAMLParser(source: file).parse(bytes)
            case .dotenv: return [try Dotenv.entries(bytes)]
            }
        } catch {
            let kind = format == .json ? "JSON" : format == .yaml ? "YAML" : "a dotenv file of KEY=VALUE lines"
            throw CLIError(.fatal, "\(file) is not valid \(kind): \(error)\(remedy)")
        }
    }

    /// Decrypted contents as documents to encrypt again.
    static func documents(of plaintext: SOPSFile.Plaintext) -> [Node] {
        switch plaintext {
        case .documents(let documents): return documents
        case .dotenv(let entries):
            return [.mapping(Mapping(entries.map { Mapping.Entry(key: Scalar($0.key), value: .scalar(Scalar($0.value))) }))]
        }
    }

    static func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError(.fatal, "cannot read '\(path)'") }
        return [UInt8](data)
    }

    /// The creation rule of the nearest `.sops.yaml` (from the current directory up) for `file`; an empty one when none applies.
    static func creationRule(for file: String) throws -> SOPSConfig.CreationRule {
        let empty = SOPSConfig.CreationRule(pathRegex: nil, recipients: [], rule: .default, macOnlyEncrypted: false)
        var directory = FileManager.default.currentDirectoryPath
        while true {
            let candidate = directory + "/.sops.yaml"
            if let data = FileManager.default.contents(atPath: candidate) {
                let absolute = file.hasPrefix("/") ? file : FileManager.default.currentDirectoryPath + "/" + file
                let relative = absolute.hasPrefix(directory + "/") ? String(absolute.dropFirst(directory.count + 1)) : absolute
                do {
                    return try SOPSConfig([UInt8](data), name: candidate).rule(for: relative) ?? empty
                } catch let error as SecretsError {
                    throw CLIError(.fatal, error.message)
                }
            }
            guard directory != "/", !directory.isEmpty else { return empty }
            directory = (directory as NSString).deletingLastPathComponent
        }
    }

    /// `bytes` to standard output, or over `path` by a rename, keeping the file's mode.
    static func write(_ bytes: [UInt8], to path: String?) throws {
        guard let path else {
            FileHandle.standardOutput.write(Data(bytes))
            return
        }
        let mode = (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? 0o600
        let temporary = path + ".git-ops-\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes), attributes: [.posixPermissions: mode]),
              rename(temporary, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw CLIError(.fatal, "cannot rewrite '\(path)'")
        }
    }
}

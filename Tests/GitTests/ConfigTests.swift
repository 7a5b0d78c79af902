import Testing
import TestSupport
@testable import Git

/// Reading and writing the repository's own git config, as `git config` does.
@Suite("git config")
struct ConfigTests {
    @Test("adds a value to a multi-valued key once, and lists every value as git does")
    func multiValued() throws {
        let sandbox = try Sandbox()
        try sandbox.makeRepository()
        try sandbox.git("remote", "add", "origin", "../elsewhere")
        let repository = try Repository(at: sandbox.path("repo"))
        #expect(try repository.configValues("remote.origin.fetch") == ["+refs/heads/*:refs/remotes/origin/*"])
        #expect(try repository.addConfigValue("remote.origin.fetch", "+refs/notes/ops:refs/notes/remotes/origin/ops"))
        #expect(try !repository.addConfigValue("remote.origin.fetch", "+refs/notes/ops:refs/notes/remotes/origin/ops"))
        #expect(try sandbox.git("config", "--get-all", "remote.origin.fetch")
                == "+refs/heads/*:refs/remotes/origin/*\n+refs/notes/ops:refs/notes/remotes/origin/ops")
        #expect(try repository.configValues("no.such.key").isEmpty)
        try repository.setConfig("notes.ops.mergeStrategy", to: "cat_sort_uniq")
        #expect(try sandbox.git("config", "notes.ops.mergeStrategy") == "cat_sort_uniq")
    }

    @Test("names the remotes and the current branch, and none when HEAD is detached")
    func remotesAndBranch() throws {
        let sandbox = try Sandbox()
        try sandbox.makeRepository()
        #expect(try Repository(at: sandbox.path("repo")).currentBranch() == "main")
        try sandbox.git("remote", "add", "origin", "../a")
        try sandbox.git("remote", "add", "backup", "../b")
        let commit = try sandbox.commit("first")
        try sandbox.git("checkout", "-q", commit)
        let repository = try Repository(at: sandbox.path("repo"))
        #expect(try repository.remoteNames().sorted() == ["backup", "origin"])
        #expect(try repository.currentBranch() == nil)
        // As libgit2's git_remote_list names them: a dotted name whole, one with only a pushurl, none without a url.
        try sandbox.git("remote", "add", "team.mirror", "../c")
        try sandbox.git("config", "remote.Push-Only.pushurl", "../d")
        try sandbox.git("config", "remote.nourl.fetch", "+refs/heads/*:refs/remotes/nourl/*")
        let names = try Repository(at: sandbox.path("repo")).remoteNames()
        #expect(names.sorted() == ["Push-Only", "backup", "origin", "team.mirror"])
    }

    @Test("reads booleans as git does, and names the key of a value that is none")
    func booleans() throws {
        let sandbox = try Sandbox()
        try sandbox.makeRepository()
        let repository = try Repository(at: sandbox.path("repo"))
        #expect(try repository.configBool("ops.push") == nil)
        for (text, value) in [("true", true), ("yes", true), ("on", true), ("1", true), ("false", false), ("off", false), ("0", false)] {
            try sandbox.git("config", "ops.push", text)
            #expect(try repository.configBool("ops.push") == value, "\(text)")
        }
        try sandbox.write("repo/.git/config", try String(contentsOfFile: sandbox.path("repo/.git/config"), encoding: .utf8)
            .replacingOccurrences(of: "push = 0", with: "push"))
        #expect(try repository.configBool("ops.push") == true)
        try sandbox.git("config", "ops.push", "maybe")
        #expect { try repository.configBool("ops.push") } throws: { error in
            (error as? GitError)?.message.hasPrefix("bad boolean config value for 'ops.push'") == true
        }
    }
}

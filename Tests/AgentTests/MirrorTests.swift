import Foundation
import Testing
import TestSupport
@testable import Agent

@Suite("Mirror")
struct MirrorTests {
    @Test("the clone leaves git's automatic maintenance off, and maintain() packs what gc --auto would")
    func maintenance() async throws {
        let sandbox = try Sandbox()
        try sandbox.makeRepository("source.git", bare: true)
        try sandbox.makeRepository()
        let commit = try sandbox.commit("first", ["a.txt": "a\n"])
        try sandbox.git("push", "-q", "../source.git", "HEAD:refs/heads/main")

        let mirror = Mirror(source: sandbox.path("source.git"), stateDirectory: sandbox.path("state"),
                            environment: ["HOME": sandbox.root, "GIT_CONFIG_NOSYSTEM": "1"])
        try await mirror.prepare()
        let clone = "state/repository.git"
        #expect(try sandbox.git("config", "gc.auto", in: clone) == "0")
        #expect(try sandbox.git("config", "maintenance.auto", in: clone) == "false")

        // More packs than gc.autoPackLimit (50): what a busy agent's fetches and records leave.
        let packs = sandbox.path(clone + "/objects/pack")
        for index in 0..<55 {
            let blob = try sandbox.git("hash-object", "-w", "--stdin", in: clone, input: "object \(index)\n")
            try sandbox.git("pack-objects", "-q", packs + "/pack", in: clone, input: blob + "\n")
        }
        func packCount() throws -> Int {
            try FileManager.default.contentsOfDirectory(atPath: packs).filter { $0.hasSuffix(".pack") }.count
        }
        #expect(try packCount() >= 55)
        // A fetch no longer packs behind the agent's back.
        try await mirror.fetch()
        #expect(try packCount() >= 55)
        try await mirror.maintain()
        #expect(try packCount() <= 2)
        #expect(try sandbox.git("rev-parse", "main", in: clone) == commit)
    }
}

import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import LocalCluster

/// Which pid `git ops cluster down` may signal: only one proven to be the data directory's server.
@Suite("cluster record", .serialized)
struct ClusterRecordTests {
    static func record(pid: Int32, in directory: URL) -> ClusterRecord {
        ClusterRecord(pid: pid, host: "127.0.0.1", port: 1, dataDirectory: directory.path)
    }

    @Test("a recorded pid that is not positive, or is this process or its group, is refused",
          arguments: [-1, 0, getpid(), getpgrp()])
    func refusedPids(pid: Int32) throws {
        let directory = try TestCluster.temporaryDirectory("record")
        #expect(Self.record(pid: pid, in: directory).runningServer == nil)
    }

    @Test("a live process that is not a cluster server of this directory is refused")
    func otherProcess() throws {
        let directory = try TestCluster.temporaryDirectory("record")
        // The process that started the tests: alive, and no cluster server.
        #expect(kill(getppid(), 0) == 0)
        #expect(Self.record(pid: getppid(), in: directory).runningServer == nil)
    }

    @Test("a server is the running one while it holds its data directory's lock, and a second is refused",
          .enabled(if: ServerProcess.isBuilt, "the git-ops binary is not built"))
    func lockProvesServer() async throws {
        let directory = try TestCluster.temporaryDirectory("record")
        let server = try await ServerProcess.start(arguments: ["--data", directory.path, "--no-controllers"])
        let pid = server.process.processIdentifier
        #expect(ServerLock.holder(in: directory.path) == pid)
        #expect(Self.record(pid: pid, in: directory).runningServer == pid)
        var configuration = ClusterConfiguration(dataDirectory: directory.path)
        configuration.runsControllers = false
        await #expect(throws: ClusterError(.inUse, "the data directory '\(directory.path)' is in use by another local cluster (pid \(pid))")) {
            _ = try await ClusterServer.start(configuration)
        }

        #expect(server.terminate() == 0)
        #expect(ServerLock.holder(in: directory.path) == nil)
        #expect(Self.record(pid: pid, in: directory).runningServer == nil)
    }
}

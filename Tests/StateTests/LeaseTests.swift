import Foundation
import TestSupport
import Git
import Testing
@testable import State

@Suite("Lease")
struct LeaseTests {
    let fixture: StateFixture
    let prod: EnvironmentRefs
    static let start = StateFixture.start

    init() throws {
        fixture = try StateFixture()
        prod = try EnvironmentRefs("prod")
    }

    func take(_ holder: String, now: Int64, duration: Int64 = 600) throws -> Lease {
        try Lease.take(in: fixture.repository, environment: prod, holder: holder, duration: duration, now: now)
    }

    @Test("takes an absent lease by creating refs/ops/lock/<env>, with its holder and expiry in trailers")
    func takesAbsent() throws {
        let lease = try take("ada@build-1 pid 42", now: Self.start)
        #expect(lease.holder == "ada@build-1 pid 42")
        #expect(lease.expires == Self.start + 600)
        #expect(try fixture.repository.referenceTarget("refs/ops/lock/prod") == lease.commit)
        #expect(try Lease.current(in: fixture.repository, environment: prod) == lease)
        #expect(try fixture.sandbox.git("log", "-1", "--format=%B", "refs/ops/lock/prod") == """
            Lease on prod for ada@build-1 pid 42

            Holder: ada@build-1 pid 42
            Acquired: 2027-01-15T08:00:00Z
            Expires: 2027-01-15T08:10:00Z
            Layout-Version: 1

            """)
        #expect(try fixture.sandbox.git("ls-tree", "refs/ops/lock/prod").isEmpty)
    }

    @Test("refuses a live lease held by another, naming the holder and when it expires")
    func refusesLive() throws {
        let held = try take("ada@build-1 pid 42", now: Self.start)
        let error = #expect(throws: StateError.self) { try take("bob@build-2 pid 7", now: Self.start + 599) }
        #expect(error?.code == .leaseHeld)
        #expect(error?.message == "cannot take the lease of 'prod': held by 'ada@build-1 pid 42' until 2027-01-15T08:10:00Z; wait for that sync, or if it is gone run 'git update-ref -d refs/ops/lock/prod'")
        #expect(try fixture.repository.referenceTarget("refs/ops/lock/prod") == held.commit)
    }

    @Test("takes over an expired lease with compare-and-swap on the old one, which then cannot renew or release")
    func takesOverExpired() throws {
        let crashed = try take("ada@build-1 pid 42", now: Self.start)
        let taken = try take("bob@build-2 pid 7", now: Self.start + 600)
        #expect(taken.holder == "bob@build-2 pid 7")
        #expect(try fixture.repository.referenceTarget("refs/ops/lock/prod") == taken.commit)
        #expect(try fixture.sandbox.git("reflog", "-1", "--format=%gs", "refs/ops/lock/prod")
            == "git-ops: take over expired lease of ada@build-1 pid 42")

        let renew = #expect(throws: StateError.self) {
            try crashed.renew(in: fixture.repository, duration: 600, now: Self.start + 601)
        }
        #expect(renew?.code == .leaseLost)
        #expect(renew?.message == "lost the lease of 'prod' held by 'ada@build-1 pid 42': 'bob@build-2 pid 7' holds it now; stop this sync and start it again")
        let release = #expect(throws: StateError.self) { try crashed.release(in: fixture.repository) }
        #expect(release?.code == .leaseLost)
        #expect(try fixture.repository.referenceTarget("refs/ops/lock/prod") == taken.commit)
    }

    @Test("of two syncs taking over one expired lease, exactly one wins")
    func oneTakeoverWins() async throws {
        _ = try take("crashed pid 1", now: Self.start)
        let path = fixture.repository.gitDirectory
        let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<6 {
                group.addTask {
                    let repository = try Repository(at: path)
                    do {
                        _ = try Lease.take(in: repository, environment: EnvironmentRefs("prod"), holder: "taker \(index)",
                                           duration: 600, now: Self.start + 1000)
                        return true
                    } catch let error as StateError where error.code == .leaseHeld {
                        return false
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 1)
        #expect(try Lease.current(in: fixture.repository, environment: prod)?.holder.hasPrefix("taker ") == true)
    }

    @Test("renews a held lease, keeping when it was acquired, and releases it by deleting the ref")
    func renewsAndReleases() throws {
        let lease = try take("ada@build-1 pid 42", now: Self.start)
        let renewed = try lease.renew(in: fixture.repository, duration: 600, now: Self.start + 300)
        #expect(renewed.acquired == Self.start)
        #expect(renewed.expires == Self.start + 900)
        #expect(renewed.commit != lease.commit)
        #expect(try Lease.current(in: fixture.repository, environment: prod) == renewed)
        // The old value no longer holds: releasing with it loses the swap.
        #expect(throws: StateError.self) { try lease.release(in: fixture.repository) }

        try renewed.release(in: fixture.repository)
        #expect(try fixture.repository.referenceTarget("refs/ops/lock/prod") == nil)
        let again = #expect(throws: StateError.self) { try renewed.release(in: fixture.repository) }
        #expect(again?.message.hasSuffix("nobody holds it now; stop this sync and start it again") == true)
    }

    @Test("a release while another git process holds the ref's lock waits for it, then deletes the ref")
    func releaseWaitsForLock() throws {
        let lease = try take("ada@build-1 pid 42", now: Self.start)
        let lockFile = fixture.sandbox.path("repo/.git/refs/ops/lock/prod.lock")
        #expect(FileManager.default.createFile(atPath: lockFile, contents: Data()))
        // The other process: a thread of its own, so a busy test run cannot hold it back.
        Thread.detachNewThread {
            usleep(150_000)
            try? FileManager.default.removeItem(atPath: lockFile)
        }
        try lease.release(in: fixture.repository)
        #expect(!FileManager.default.fileExists(atPath: lockFile))
        #expect(try fixture.repository.referenceTarget("refs/ops/lock/prod") == nil)
    }

    @Test("refuses a lock ref that is not a lease, saying how to clear it")
    func refusesForeignLock() throws {
        try fixture.sandbox.git("update-ref", "refs/ops/lock/prod", fixture.sources[0].hex)
        let error = #expect(throws: StateError.self) { try take("ada", now: Self.start) }
        #expect(error?.code == .notARecord)
        #expect(error?.message.hasSuffix("delete it with 'git update-ref -d refs/ops/lock/prod'") == true)
    }

    @Test("takes over a live lease whose holder was a process of this machine that has ended; not one that runs")
    func abandonedLease() throws {
        let host = ProcessInfo.processInfo.hostName.isEmpty ? "localhost" : ProcessInfo.processInfo.hostName
        // A process that has ended: its pid names no process now.
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        _ = try take("ada@\(host) pid \(ended.processIdentifier)", now: Self.start)
        let taken = try take("cy@\(host) pid \(ProcessInfo.processInfo.processIdentifier)", now: Self.start + 1)
        #expect(taken.holder.hasPrefix("cy@"))
        // Held by a running process (pid 1), or by one on another machine: refused until it expires.
        try taken.release(in: fixture.repository)
        _ = try take("root@\(host) pid 1", now: Self.start)
        #expect(throws: StateError.self) { try take("cy@\(host) pid 2", now: Self.start + 1) }
        #expect(!Lease(environment: "prod", commit: taken.commit, holder: "ada@elsewhere pid \(ended.processIdentifier)",
                       acquired: 0, expires: 1).isAbandoned)
    }

    @Test("taking the lease removes the lock files a killed sync left on the environment's refs, and only old ones on the notes")
    func staleLocks() throws {
        let git = fixture.repository.gitDirectory
        let deployLock = git + "/" + prod.deploy + ".lock"
        let notesLock = git + "/refs/notes/ops.lock"
        let leaseLock = git + "/" + prod.lock + ".lock"
        for path in [deployLock, notesLock, leaseLock] {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        }
        let old = Date(timeIntervalSinceNow: -60)
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: deployLock)
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: leaseLock)
        // A sync killed while moving the lease left its lock: the take still succeeds.
        _ = try take("cy@host pid 2", now: Self.start)
        #expect(!FileManager.default.fileExists(atPath: leaseLock))
        #expect(!FileManager.default.fileExists(atPath: deployLock))
        // A fresh lock on the shared notes may be another environment's live update: it stays.
        #expect(FileManager.default.fileExists(atPath: notesLock))
    }

    @Test("a fresh lock a killed sync left on the deploy ref goes when its lease is taken over; an expired live holder's stays")
    func freshLockOfKilledSync() throws {
        let host = ProcessInfo.processInfo.hostName.isEmpty ? "localhost" : ProcessInfo.processInfo.hostName
        let deployLock = fixture.repository.gitDirectory + "/" + prod.deploy + ".lock"
        func leaveLock() throws {
            try FileManager.default.createDirectory(atPath: (deployLock as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            #expect(FileManager.default.createFile(atPath: deployLock, contents: Data()))
        }
        // Held by a process of this machine that has ended, killed while it moved the deploy ref.
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        _ = try take("ada@\(host) pid \(ended.processIdentifier)", now: Self.start)
        try leaveLock()
        let taken = try take("cy@\(host) pid \(ProcessInfo.processInfo.processIdentifier)", now: Self.start + 1)
        #expect(!FileManager.default.fileExists(atPath: deployLock), "a dead holder's lock, however fresh, is stale")
        // An expired lease whose holder still runs (pid 1): its fresh lock may be a live update.
        try taken.release(in: fixture.repository)
        _ = try take("root@\(host) pid 1", now: Self.start, duration: 10)
        try leaveLock()
        _ = try take("cy@\(host) pid 2", now: Self.start + 60)
        #expect(FileManager.default.fileExists(atPath: deployLock))
    }

    @Test("names this process as user@host pid")
    func currentHolder() {
        let holder = Lease.currentHolder()
        #expect(holder.contains("@") && holder.contains(" pid "))
    }
}

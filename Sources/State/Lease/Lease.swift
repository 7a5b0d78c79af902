import FoundationEssentials
import Git
#if canImport(Glibc)
import Glibc
#endif

/// The lease a sync holds on an environment while it runs: a commit that
/// `refs/ops/lock/<env>` points at, naming its holder and when it expires.
///
/// Taken and given back with compare-and-swap on the reference
/// (`Lease+Taking`), so two syncs of one environment never interleave; the
/// expiry lets the next sync take over the lease of one that crashed. The
/// commit has the empty tree and no parent; its message says who holds the
/// lease in trailers, readable with `git log -1 refs/ops/lock/prod`:
///
///     Lease on prod for ada@build-1 pid 4242
///
///     Holder: ada@build-1 pid 4242
///     Acquired: 2026-12-01T10:00:00Z
///     Expires: 2026-12-01T10:15:00Z
///     Layout-Version: 1
///
/// Expiry is judged by the clock of whoever reads the lease: machines that
/// share leases through a remote need clocks in step, to within the margin
/// the holder renews by.
package struct Lease: Sendable, Equatable {
    /// The environment the lease is on.
    package var environment: String
    /// The lease commit `refs/ops/lock/<env>` points at while this lease holds.
    package var commit: ObjectID
    /// Who holds it: `user@host pid 4242`.
    package var holder: String
    /// When it was first taken, in seconds since 1970 (kept by renewals).
    package var acquired: Int64
    /// When it ends unless renewed, in seconds since 1970.
    package var expires: Int64

    /// A lease with every field given.
    package init(environment: String, commit: ObjectID, holder: String, acquired: Int64, expires: Int64) {
        self.environment = environment
        self.commit = commit
        self.holder = holder
        self.acquired = acquired
        self.expires = expires
    }

    /// Whether the lease still holds at `now`.
    package func isLive(at now: Int64) -> Bool { now < expires }

    /// Whether the lease's holder is a process of this machine that has ended
    /// (a sync killed mid-way): its lease need not be waited out, as git's gc
    /// takes over a `gc.pid` whose process is gone on the same host. A holder
    /// on another machine, or whose process still runs, is never abandoned.
    package var isAbandoned: Bool {
        // `user@host pid 4242`, as `currentHolder` writes it.
        let words = holder.split(separator: " ")
        guard words.count == 3, words[1] == "pid", let pid = Int32(words[2]), pid > 0,
              let at = words[0].lastIndex(of: "@") else { return false }
        let host = words[0][words[0].index(after: at)...]
        let thisHost = ProcessInfo.processInfo.hostName.isEmpty ? "localhost" : ProcessInfo.processInfo.hostName
        guard host == thisHost, pid != ProcessInfo.processInfo.processIdentifier else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    /// The holder this process is: `$USER@hostname pid 4242` (`git-ops` when no user is set).
    package static func currentHolder() -> String {
        let process = ProcessInfo.processInfo
        let user = ["USER", "LOGNAME"].lazy.compactMap { process.environment[$0] }.first { !$0.isEmpty }
        let host = process.hostName.isEmpty ? "localhost" : process.hostName
        return "\(user ?? "git-ops")@\(host) pid \(process.processIdentifier)"
    }

    /// The trailers of a lease commit.
    enum Trailer: String {
        case holder = "Holder"
        case acquired = "Acquired"
        case expires = "Expires"
        case layoutVersion = "Layout-Version"
    }

    /// The message of the lease commit.
    var message: String {
        """
        Lease on \(environment) for \(holder)

        \(Trailer.holder.rawValue): \(holder)
        \(Trailer.acquired.rawValue): \(UTCTime.format(acquired))
        \(Trailer.expires.rawValue): \(UTCTime.format(expires))
        \(Trailer.layoutVersion.rawValue): \(StateLayout.version)

        """
    }

    /// The lease a lease commit of `environment` records; fails with `notARecord` when its trailers are not a lease's.
    init(_ commit: Commit, environment: String) throws {
        var values: [Trailer: String] = [:]
        for (key, value) in commit.trailers {
            if let trailer = Trailer(rawValue: key), values[trailer] == nil { values[trailer] = value }
        }
        guard let holder = values[.holder], !holder.isEmpty,
              let acquired = values[.acquired].flatMap(UTCTime.parse),
              let expires = values[.expires].flatMap(UTCTime.parse),
              let version = values[.layoutVersion].flatMap({ Int($0) })
        else {
            throw StateError(.notARecord, "commit '\(commit.id.short)' on 'refs/ops/lock/\(environment)' is not a lease; if no sync of '\(environment)' runs, delete it with 'git update-ref -d refs/ops/lock/\(environment)'")
        }
        guard version <= StateLayout.version else {
            throw StateError(.newerLayout, "cannot read the lease of '\(environment)': it has layout version \(version), this git-ops reads up to \(StateLayout.version); upgrade git-ops")
        }
        self.init(environment: environment, commit: commit.id, holder: holder, acquired: acquired, expires: expires)
    }
}

/// The names and the version of git-ops' state in a repository, as git-ops-state(5) documents them.
///
/// Every name here is carried by `git push` and `git fetch` once the
/// refspecs name it; nothing lives outside the object database and refs.
package enum StateLayout {
    /// The layout this build writes, and the newest it reads: the `Layout-Version` trailer of every record and lease.
    package static let version = 1
    /// The notes reference that holds one JSON line per deployment event, on each source commit.
    package static let notesReference = "refs/notes/ops"
    /// The folder of each environment's deployment history: `refs/ops/deploy/<env>`.
    package static let deployFolder = "refs/ops/deploy"
    /// The folder of each environment's lease: `refs/ops/lock/<env>`.
    package static let lockFolder = "refs/ops/lock"
    /// The folder of each environment's pin, set by a rollback: `refs/ops/pin/<env>`.
    package static let pinFolder = "refs/ops/pin"

    /// Where the notes fetched from `remote` are kept until they are merged into
    /// `notesReference`: `refs/notes/remotes/<remote>/ops`.
    ///
    /// Under `refs/notes/` so that `git log --notes=remotes/origin/ops` can
    /// show them, and apart from the local notes so that a fetch never
    /// overwrites lines not pushed yet (git-appraise keeps its notes so).
    package static func remoteNotesReference(_ remote: String) -> String {
        "refs/notes/remotes/\(remote)/ops"
    }

    /// Where the deployment records and pins fetched from `remote` are kept:
    /// `refs/ops/remotes/<remote>/`, forced like remote-tracking branches, so a
    /// fetch never fails or overwrites a record not pushed yet.
    package static func remoteFolder(_ remote: String) -> String {
        "refs/ops/remotes/\(remote)"
    }

    /// The fetch refspecs `git ops init` adds to `remote`, so that `git fetch`
    /// brings the records, pins and notes that others wrote. Every one is a
    /// pattern (`ops*` matches `ops` itself): git fails a whole fetch when a
    /// plain refspec names a ref the remote does not have yet.
    package static func fetchRefspecs(remote: String) -> [String] {
        [
            "+\(notesReference)*:\(remoteNotesReference(remote))*",
            "+\(deployFolder)/*:\(remoteFolder(remote))/deploy/*",
            "+\(pinFolder)/*:\(remoteFolder(remote))/pin/*",
        ]
    }
}

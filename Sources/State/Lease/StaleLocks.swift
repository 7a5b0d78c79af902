import FoundationEssentials
import Git
#if canImport(Glibc)
import Glibc
#endif

/// Lock files that a killed sync left beside the references it was moving
/// (`refs/ops/deploy/dev.lock`): git never removes them itself, so without
/// this one SIGKILL at the wrong moment would refuse every later sync. A ref
/// update holds its lock for milliseconds; a lock older than `olderThan`
/// seconds belongs to no live writer.
enum StaleLocks {
    /// Removes the lock file of each of `references` that is older than `olderThan` seconds.
    static func clear(_ references: [String], in repository: Repository, olderThan seconds: Int) {
        let now = time(nil)
        for reference in references {
            let path = repository.gitDirectory + "/" + reference + ".lock"
            var status = stat()
            guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG,
                  now - status.st_mtim.tv_sec >= seconds else { continue }
            unlink(path)
        }
    }
}

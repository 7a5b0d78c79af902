/// The version of git-ops.
enum Version {
    static let current = "0.1.0"
}

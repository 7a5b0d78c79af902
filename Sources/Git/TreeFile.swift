/// A file of a stored tree, as `Repository.files(inTree:)` lists it: its path and the blob it holds.
package struct TreeFile: Sendable, Equatable {
    /// The path from the tree's root, `a/b/c.yaml`.
    package var path: String
    /// The id of the blob at that path.
    package var blob: ObjectID

    /// A file with its path and blob.
    package init(path: String, blob: ObjectID) {
        self.path = path
        self.blob = blob
    }
}

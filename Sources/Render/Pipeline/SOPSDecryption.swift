import FileTree
import Manifests
import Secrets
import Synchronization

/// Decrypts the files SOPS encrypted as a render loads them (resources,
/// patches, generator sources alike): before any transform, so the MAC is
/// checked over exactly what sops sealed. The keys are loaded once, on the
/// first encrypted file. Errors name the file and never a value.
package final class SOPSDecryption: Sendable {
    private let loadKeys: @Sendable () throws -> [AgeIdentity]
    private let keys = Mutex<[AgeIdentity]?>(nil)
    /// What to do when `loadKeys` finds none, for the error.
    let remedy: String

    /// Decryption with the identities `loadKeys` finds (called at most once per
    /// success); `remedy` says where keys go when it finds none.
    package init(remedy: String, loadKeys: @escaping @Sendable () throws -> [AgeIdentity]) {
        self.remedy = remedy
        self.loadKeys = loadKeys
    }

    func identities() throws -> [AgeIdentity] {
        if let known = keys.withLock({ $0 }) { return known }
        let loaded = try loadKeys()
        keys.withLock { $0 = loaded }
        return loaded
    }

    /// The plaintext of `bytes`, the file at `path` (`display` in messages),
    /// as the file would hold it unencrypted; `nil` when it is not a SOPS file.
    func plaintext(_ bytes: [UInt8], path: String, display: String) throws -> [UInt8]? {
        // Most files are not encrypted: a scan for the metadata key decides cheaply.
        guard Self.mentionsSOPS(bytes) else { return nil }
        let format = SOPSFile.Format(path: path)
        guard SOPSFile.isEncrypted(bytes, format: format) else { return nil }
        let identities: [AgeIdentity]
        do {
            identities = try self.identities()
        } catch let error as SecretsError {
            throw FileTreeError(.unreadable, path: display, detail: "cannot decrypt it: \(error.message)")
        }
        guard !identities.isEmpty else {
            throw FileTreeError(.unreadable, path: display, detail: "encrypted with sops, and no age key was found to decrypt it; \(remedy)")
        }
        let plaintext: SOPSFile.Plaintext
        do {
            plaintext = try SOPSFile.decrypt(bytes, name: display, format: format, identities: identities)
        } catch let error as SecretsError {
            throw FileTreeError(.unreadable, path: display, detail: error.message)
        }
        if case .documents(let documents) = plaintext, documents.count == 1, let data = documents[0]["data"]?.string,
           !["yaml", "yml", "json"].contains(path.split(separator: ".").last.map(String.init) ?? "") {
            // sops' binary store: the file's bytes are the string under 'data'.
            return Array(data.utf8)
        }
        return try SOPSFile.text(of: plaintext, format: format)
    }

    static func mentionsSOPS(_ bytes: [UInt8]) -> Bool {
        let needle = Array("sops".utf8)
        guard bytes.count >= needle.count else { return false }
        var index = 0
        while index <= bytes.count - needle.count {
            if bytes[index] == needle[0], bytes[index + 1] == needle[1], bytes[index + 2] == needle[2], bytes[index + 3] == needle[3] {
                return true
            }
            index += 1
        }
        return false
    }
}

/// A tree whose SOPS files read as their plaintext.
struct DecryptingTree: FileTree {
    let base: any FileTree
    let decryption: SOPSDecryption

    func entryKind(_ path: String) -> FileEntryKind? { base.entryKind(path) }

    func readFile(_ path: String) throws -> [UInt8] {
        let bytes = try base.readFile(path)
        return try decryption.plaintext(bytes, path: path, display: base.displayPath(path)) ?? bytes
    }

    func listDirectory(_ path: String) throws -> [String] { try base.listDirectory(path) }
    func displayPath(_ path: String) -> String { base.displayPath(path) }
    func realPath(_ path: String) -> String? { base.realPath(path) }
    func contentIdentity(_ path: String) -> String? { base.contentIdentity(path) }
    var displaySuffix: String { base.displaySuffix }

    func concurrentCopy() -> (any FileTree)? {
        base.concurrentCopy().map { DecryptingTree(base: $0, decryption: decryption) }
    }
}

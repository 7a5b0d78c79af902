import CGit2

/// The name of a git object: a SHA-1 as 40 lower-case hexadecimal digits.
///
/// libgit2 1.5 reads SHA-1 repositories only, so an id is always 40 digits.
package struct ObjectID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The 40 lower-case hexadecimal digits.
    package let hex: String

    /// The id spelled by 40 hexadecimal digits (either case), or `nil` for anything else.
    package init?(hex: String) {
        guard hex.utf8.count == 40, hex.utf8.allSatisfy(\.isHexDigit) else { return nil }
        self.hex = hex.lowercased()
    }

    /// The id of a libgit2 `git_oid`.
    init(_ oid: git_oid) {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        hex = withUnsafeBytes(of: oid.id) { bytes in
            String(unsafeUninitializedCapacity: bytes.count * 2) { buffer in
                for (index, byte) in bytes.enumerated() {
                    buffer[2 * index] = digits[Int(byte >> 4)]
                    buffer[2 * index + 1] = digits[Int(byte & 0x0f)]
                }
                return bytes.count * 2
            }
        }
    }

    /// The id behind a libgit2 `const git_oid *`, copied (libgit2 only lends it).
    init(_ pointer: UnsafePointer<git_oid>) {
        self.init(pointer.pointee)
    }

    /// The libgit2 form of this id.
    var oid: git_oid {
        var oid = git_oid()
        // `hex` is 40 hexadecimal digits by construction, which git_oid_fromstrn always accepts.
        _ = git_oid_fromstrn(&oid, hex, 40)
        return oid
    }

    /// The first 7 digits, as git abbreviates ids in messages.
    package var short: String { String(hex.prefix(7)) }

    /// The id of the empty tree, which every git repository can name without storing it.
    package static let emptyTree = ObjectID(verifiedHex: "4b825dc642cb6eb9a060e54bf8d69288fbee4904")

    private init(verifiedHex: String) { hex = verifiedHex }

    /// The 40 hexadecimal digits.
    package var description: String { hex }

    /// Orders ids by their digits, so lists of ids print the same way every time.
    package static func < (lhs: ObjectID, rhs: ObjectID) -> Bool { lhs.hex < rhs.hex }
}

extension UInt8 {
    /// Whether this ASCII byte is 0-9, a-f or A-F.
    fileprivate var isHexDigit: Bool {
        (0x30...0x39).contains(self) || (0x41...0x46).contains(self) || (0x61...0x66).contains(self)
    }
}

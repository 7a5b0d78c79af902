import Git

/// One line of a pre-receive or post-receive hook's input, `<old> SP <new> SP <ref>`:
/// a ref the push creates (old is all zeros), deletes (new is all zeros) or moves.
package struct RefUpdate: Sendable, Equatable {
    /// The ref's value before the push; `nil` when the push creates it.
    package var old: ObjectID?
    /// The ref's value after the push; `nil` when the push deletes it.
    package var new: ObjectID?
    /// The full ref name, `refs/heads/main`.
    package var ref: String

    package init(old: ObjectID?, new: ObjectID?, ref: String) {
        self.old = old
        self.new = new
        self.ref = ref
    }

    /// The branch the ref is, `main` for `refs/heads/main`; `nil` for tags and other refs.
    package var branch: String? {
        ref.hasPrefix("refs/heads/") ? String(ref.dropFirst("refs/heads/".count)) : nil
    }

    /// Reads the hook's whole input. A line that is not two object ids and a ref
    /// name is an error naming the line, never skipped: a hook that cannot read
    /// what git sent must not let the push through unchecked.
    package static func parse(_ input: [UInt8]) throws -> [RefUpdate] {
        guard let text = String(validating: input, as: UTF8.self) else {
            throw Finding(.input, "the hook's input is not UTF-8; git sends '<old> <new> <ref>' lines")
        }
        var updates: [RefUpdate] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty { continue }
            updates.append(try parse(line: line, number: index + 1))
        }
        return updates
    }

    /// `update`'s arguments, `<ref> <old> <new>`.
    package static func parse(arguments: [String]) throws -> RefUpdate {
        guard arguments.count == 3 else {
            throw Finding(.input, "the update hook takes '<ref> <old> <new>', not \(arguments.count) arguments")
        }
        return try parse(line: Substring("\(arguments[1]) \(arguments[2]) \(arguments[0])"), number: 1)
    }

    static func parse(line: Substring, number: Int) throws -> RefUpdate {
        let fields = line.split(separator: " ", omittingEmptySubsequences: false)
        let shown = line.count > 200 ? String(line.prefix(200)) + "..." : String(line)
        guard fields.count == 3, !fields[2].isEmpty else {
            throw Finding(.input, "line \(number) of the hook's input is not '<old> <new> <ref>': '\(shown)'")
        }
        let old = try objectID(fields[0], line: number, shown: shown)
        let new = try objectID(fields[1], line: number, shown: shown)
        guard !(old == nil && new == nil) else {
            throw Finding(.input, "line \(number) of the hook's input neither creates, moves nor deletes a ref: '\(shown)'")
        }
        return RefUpdate(old: old, new: new, ref: String(fields[2]))
    }

    /// A hexadecimal object id, `nil` for git's all-zeros id.
    static func objectID(_ text: Substring, line: Int, shown: String) throws -> ObjectID? {
        guard text.utf8.count == 40 || text.utf8.count == 64,
              text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) else {
            throw Finding(.input, "line \(line) of the hook's input has '\(text.prefix(80))' where an object id belongs: '\(shown)'")
        }
        if text.utf8.allSatisfy({ $0 == 0x30 }) { return nil }
        guard let id = ObjectID(hex: String(text)) else {
            throw Finding(.input, "line \(line) of the hook's input has an object id this repository cannot use: '\(text)'")
        }
        return id
    }
}

extension Finding: Error {}

/// git's `cat_sort_uniq` notes merge strategy, to the byte (`combine_notes_cat_sort_uniq` in git's `notes.c`).
///
/// Both notes are split on `\n`; empty lines are dropped; the lines are
/// sorted byte-wise (`strcmp`, unsigned bytes) and duplicates removed; every
/// line, the last one too, ends in `\n`. Notes made of one self-contained
/// line per record therefore merge without conflicts, in the order of the
/// lines' prefixes, and the same line written on both sides is kept once.
package enum CatSortUniq {
    /// The note git writes when combining `current` (the local note) with `new` (the remote one).
    ///
    /// A missing note combines as an empty one. Two empty notes give the empty
    /// blob, which git stores as a note all the same.
    package static func combine(_ current: [UInt8], _ new: [UInt8]) -> [UInt8] {
        var lines = lines(of: current) + lines(of: new)
        lines.sort { $0.lexicographicallyPrecedes($1) }
        var combined: [UInt8] = []
        combined.reserveCapacity(current.count + new.count + 1)
        var previous: ArraySlice<UInt8>?
        for line in lines where line != previous {
            combined.append(contentsOf: line)
            combined.append(UInt8(ascii: "\n"))
            previous = line
        }
        return combined
    }

    /// The non-empty lines of `note`, split on `\n` alone (a `\r` stays part of its line, as in git).
    static func lines(of note: [UInt8]) -> [ArraySlice<UInt8>] {
        note.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
    }
}

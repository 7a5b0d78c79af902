/// The shortest edit script between two lists of lines, by Myers' O(ND)
/// algorithm ("An O(ND) Difference Algorithm and Its Variations", 1986), the
/// one `diff` and git use by default.
///
/// Lines common to both ends are set aside first, so the search runs on
/// the changed middle only. The search keeps, for each edit distance `d`,
/// the furthest points reached on the diagonals `-d...d` (O(D²) memory in
/// all); when the middle needs more than `maxCost` edits it is given up and
/// the middle is written as all of its old lines removed and all of its new
/// lines added: still a correct diff, only not the shortest.
enum LineDiff {
    enum Operation: Sendable, Equatable {
        case equal
        case delete
        case insert
    }

    /// One line of the script: equal lines and deletions are lines of the
    /// old text, insertions lines of the new one.
    struct Edit: Sendable, Equatable {
        var operation: Operation
        var line: Substring
    }

    /// Past this many edits in the changed middle the search stops (about 32 MB of diagonals).
    static let maxCost = 2_000

    /// The edit script turning `old` into `new`, in order.
    static func edits(_ old: [Substring], _ new: [Substring], maxCost: Int = maxCost) -> [Edit] {
        var prefix = 0
        while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < new.count - prefix,
              old[old.count - 1 - suffix] == new[new.count - 1 - suffix] { suffix += 1 }

        var script = old[..<prefix].map { Edit(operation: .equal, line: $0) }
        let oldMiddle = Array(old[prefix..<(old.count - suffix)])
        let newMiddle = Array(new[prefix..<(new.count - suffix)])
        script += middle(oldMiddle, newMiddle, maxCost: maxCost)
        script += old[(old.count - suffix)...].map { Edit(operation: .equal, line: $0) }
        return script
    }

    /// Myers' forward search with a saved frontier per distance, then the walk back from the end.
    private static func middle(_ old: [Substring], _ new: [Substring], maxCost: Int) -> [Edit] {
        // Lines as numbers, so the search compares integers.
        var numbers: [Substring: Int] = [:]
        func number(_ line: Substring) -> Int {
            if let known = numbers[line] { return known }
            numbers[line] = numbers.count
            return numbers.count - 1
        }
        let a = old.map(number)
        let b = new.map(number)
        let (n, m) = (a.count, b.count)
        if n == 0 || m == 0 { return replacement(old, new) }
        let limit = min(n + m, maxCost)
        let offset = limit + 1
        var frontier = [Int](repeating: 0, count: 2 * limit + 3)
        var trace: [[Int]] = []  // trace[d]: the frontier on diagonals -d...d before step d
        for d in 0...limit {
            trace.append(Array(frontier[(offset - d)...(offset + d)]))
            for k in stride(from: -d, through: d, by: 2) {
                var x = (k == -d || (k != d && frontier[offset + k - 1] < frontier[offset + k + 1]))
                    ? frontier[offset + k + 1] : frontier[offset + k - 1] + 1
                var y = x - k
                while x < n, y < m, a[x] == b[y] {
                    x += 1
                    y += 1
                }
                frontier[offset + k] = x
                if x >= n, y >= m { return backtrack(trace, old, new) }
            }
        }
        return replacement(old, new)
    }

    /// Walks the saved frontiers back from the end of both texts, collecting the edits in reverse.
    private static func backtrack(_ trace: [[Int]], _ old: [Substring], _ new: [Substring]) -> [Edit] {
        var (x, y) = (old.count, new.count)
        var reversed: [Edit] = []
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            guard d > 0 else {
                // Step 0 only slid along the diagonal from the start.
                while x > 0 {
                    x -= 1
                    reversed.append(Edit(operation: .equal, line: old[x]))
                }
                break
            }
            let saved = trace[d]
            func at(_ k: Int) -> Int { saved[k + d] }
            let k = x - y
            let previousK = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? k + 1 : k - 1
            let previousX = at(previousK)
            let previousY = previousX - previousK
            // The snake of step d, back to the point just after its one edit.
            while x > previousX, y > previousY {
                x -= 1
                y -= 1
                reversed.append(Edit(operation: .equal, line: old[x]))
            }
            if x == previousX {
                reversed.append(Edit(operation: .insert, line: new[previousY]))
            } else {
                reversed.append(Edit(operation: .delete, line: old[previousX]))
            }
            (x, y) = (previousX, previousY)
        }
        return reversed.reversed()
    }

    /// All of `old` removed, then all of `new` added.
    private static func replacement(_ old: [Substring], _ new: [Substring]) -> [Edit] {
        old.map { Edit(operation: .delete, line: $0) } + new.map { Edit(operation: .insert, line: $0) }
    }
}

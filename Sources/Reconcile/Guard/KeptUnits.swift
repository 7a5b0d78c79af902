import Digests
import Foundation
import Git
import Manifests
import Render

/// What the check of an environment rendered by units (`UnitRender`) keeps
/// for the next push: the commit it describes, per unit the hashes of the
/// paths it read and of what could tie it to other units, and every finding
/// with the unit and object it is about. A later commit is then checked by
/// comparing the two commits' trees: only the units whose paths changed are
/// rendered again (`EnvironmentCheck`).
///
/// Kept in a file of its own beside `CheckStore`'s entries, in a plain binary
/// form: a thousand units load in about a millisecond.
package struct KeptUnits: Sendable, Equatable {
    package struct Unit: Sendable, Equatable {
        var entry: String
        /// Hashes of the paths the unit's build read, and of those whose kind alone it asked, sorted.
        var inputs: [UInt64]
        var kindInputs: [UInt64] = []
        var ties = UnitTies()
        var objectCount = 0
        var actsGlobally = false
        var hasNamespace = false

        init(_ unit: UnitRender.Unit) {
            entry = unit.entry
            inputs = Set(unit.inputs.map { FNV1a.hash($0) }).sorted()
            kindInputs = Set(unit.kindInputs.map { FNV1a.hash($0) }).sorted()
            ties = unit.ties
            objectCount = unit.objectCount
            actsGlobally = unit.actsGlobally
            hasNamespace = unit.hasNamespace
        }

        init(entry: String, inputs: [UInt64]) {
            self.entry = entry
            self.inputs = inputs
        }
    }

    /// A finding about one rendered object: its unit, its place among that unit's objects, its id.
    package struct Located: Sendable, Equatable {
        var finding: Finding
        var unit: Int
        var position: Int
        var id: ResourceID
    }

    /// The commit whose tree the rest describes (hexadecimal).
    var commit: String
    var separable: Bool
    var hasVars: Bool
    /// The length of the top kustomization's `resources:` list.
    var entryCount: Int
    /// Hashes of the paths the top kustomization's own steps read, and of those whose kind alone they asked, sorted.
    var topInputs: [UInt64]
    var topKindInputs: [UInt64] = []
    var units: [Int: Unit]
    /// The findings about objects, in output order.
    var findings: [Located]
    /// With policies: what reading them found, the Enforce failures and the
    /// Audit ones (each in output order), and the labels of the environment's
    /// Namespaces, which the policies' namespace selectors see.
    var policyFindings: [Finding] = []
    var rejections: [Located] = []
    var warnings: [Located] = []
    var namespaces: [String: [String: String]] = [:]

    /// The objects no unit added (the top kustomization's own generators).
    var otherObjects = 0

    var objectCount: Int { units.values.reduce(otherObjects) { $0 + $1.objectCount } }

    /// The state after a full render by units at `commit`, with its findings.
    init(commit: String, render: UnitRender, findings: [Located]) {
        self.commit = commit
        separable = render.separable
        hasVars = render.hasVars
        entryCount = render.entryCount
        topInputs = Set(render.topInputs.map { FNV1a.hash($0) }).sorted()
        topKindInputs = Set(render.topKindInputs.map { FNV1a.hash($0) }).sorted()
        units = render.units.mapValues(Unit.init)
        otherObjects = render.objectUnits.filter { $0 < 0 }.count
        self.findings = findings
    }

    /// The findings in a verdict's order (objects, reading the policies, Enforce
    /// failures) and the warnings (Audit failures), of `environment`.
    func verdict(of environment: String) -> (findings: [Finding], warnings: [Finding]) {
        ((findings.map(\.finding) + policyFindings + rejections.map(\.finding)).map { $0.about(environment) },
         warnings.map { $0.finding.about(environment) })
    }

    /// The entries whose paths `changes` touch: a path read at a changed
    /// path or above it (a directory listed), a path whose kind alone was
    /// asked at a changed path, or above a path that appeared or went; `nil`
    /// when the top kustomization's own paths are touched.
    func touchedUnits(by changes: [PathChange]) -> Set<Int>? {
        var exact = Set<UInt64>()
        var above = Set<UInt64>()
        var aboveAddedOrGone = Set<UInt64>()
        for change in changes {
            for path in [change.path] + (change.oldPath.map { [$0] } ?? []) {
                exact.insert(FNV1a.hash(path))
                var ancestors = [FNV1a.hash("")]
                var prefix = Substring(path)
                while let slash = prefix.utf8.lastIndex(of: UInt8(ascii: "/")) {
                    prefix = prefix[..<slash]
                    ancestors.append(FNV1a.hash(String(prefix)))
                }
                above.formUnion(ancestors)
                if change.kind != .modified { aboveAddedOrGone.formUnion(ancestors) }
            }
        }
        func touches(read: [UInt64], kind: [UInt64]) -> Bool {
            exact.contains { UnitTies.contains(read, $0) || UnitTies.contains(kind, $0) }
                || above.contains { UnitTies.contains(read, $0) } || aboveAddedOrGone.contains { UnitTies.contains(kind, $0) }
        }
        if touches(read: topInputs, kind: topKindInputs) { return nil }
        var touched = Set<Int>()
        for (index, unit) in units where touches(read: unit.inputs, kind: unit.kindInputs) {
            touched.insert(index)
        }
        return touched
    }
}

// MARK: - The file

extension KeptUnits {
    static let magic = Array("git-ops kept units 5\n".utf8)

    /// The state in its file form.
    func encoded() -> [UInt8] {
        var writer = ByteWriter()
        writer.bytes += Self.magic
        writer.string(commit)
        writer.bool(separable)
        writer.bool(hasVars)
        writer.int(entryCount)
        writer.int(otherObjects)
        writer.hashes(topInputs)
        writer.hashes(topKindInputs)
        writer.int(units.count)
        for (index, unit) in units.sorted(by: { $0.key < $1.key }) {
            writer.int(index)
            writer.string(unit.entry)
            writer.hashes(unit.inputs)
            writer.hashes(unit.kindInputs)
            for hashes in unit.ties.lists { writer.hashes(hashes) }
            writer.int(unit.objectCount)
            writer.bool(unit.actsGlobally)
            writer.bool(unit.hasNamespace)
        }
        for list in [findings, policyFindings.map { Located(finding: $0, unit: -1, position: 0, id: ResourceID(kind: "", name: "")) },
                     rejections, warnings] {
            writer.int(list.count)
            for located in list {
                writer.string(located.finding.rule.rawValue)
                writer.string(located.finding.message)
                writer.string(located.finding.file ?? "")
                writer.int(located.finding.line ?? 0)
                writer.int(located.unit)
                writer.int(located.position)
                for part in [located.id.group, located.id.version, located.id.kind, located.id.namespace, located.id.name] { writer.string(part) }
            }
        }
        writer.int(namespaces.count)
        for (name, labels) in namespaces.sorted(by: { $0.key < $1.key }) {
            writer.string(name)
            writer.int(labels.count)
            for (key, value) in labels.sorted(by: { $0.key < $1.key }) {
                writer.string(key)
                writer.string(value)
            }
        }
        return writer.bytes
    }

    /// The state read back from `bytes`; `nil` when they are not a whole state of this form.
    init?(decoding bytes: [UInt8]) {
        guard bytes.starts(with: Self.magic) else { return nil }
        var reader = ByteReader(bytes: bytes, offset: Self.magic.count)
        guard let commit = reader.string(), let separable = reader.bool(), let hasVars = reader.bool(),
              let entryCount = reader.int(), let otherObjects = reader.int(), let topInputs = reader.hashes(), let topKindInputs = reader.hashes(), let unitCount = reader.int()
        else { return nil }
        var units: [Int: Unit] = [:]
        guard unitCount >= 0, unitCount <= bytes.count else { return nil }
        for _ in 0..<unitCount {
            guard let index = reader.int(), index >= 0, let entry = reader.string(), let inputs = reader.hashes(),
                  let kindInputs = reader.hashes() else { return nil }
            var unit = Unit(entry: entry, inputs: inputs)
            unit.kindInputs = kindInputs
            let lists = (0..<UnitTies.listCount).compactMap { _ in reader.hashes() }
            guard lists.count == UnitTies.listCount, let count = reader.int(), let global = reader.bool(), let namespace = reader.bool()
            else { return nil }
            unit.ties.lists = lists
            (unit.objectCount, unit.actsGlobally, unit.hasNamespace) = (count, global, namespace)
            units[index] = unit
        }
        var lists: [[Located]] = []
        for _ in 0..<4 {
            guard let count = reader.int(), count >= 0, count <= bytes.count else { return nil }
            var list: [Located] = []
            for _ in 0..<count {
                guard let rule = reader.string().flatMap(Finding.Rule.init(rawValue:)), let message = reader.string(),
                      let file = reader.string(), let line = reader.int(), let unit = reader.int(), let position = reader.int(),
                      let group = reader.string(), let version = reader.string(), let kind = reader.string(),
                      let namespace = reader.string(), let name = reader.string()
                else { return nil }
                list.append(Located(finding: Finding(rule, message, file: file.isEmpty ? nil : file, line: line == 0 ? nil : line),
                                    unit: unit, position: position,
                                    id: ResourceID(group: group, version: version, kind: kind, namespace: namespace, name: name)))
            }
            lists.append(list)
        }
        guard let namespaceCount = reader.int(), namespaceCount >= 0, namespaceCount <= bytes.count else { return nil }
        var namespaces: [String: [String: String]] = [:]
        for _ in 0..<namespaceCount {
            guard let name = reader.string(), let count = reader.int(), count >= 0, count <= bytes.count else { return nil }
            var labels: [String: String] = [:]
            for _ in 0..<count {
                guard let key = reader.string(), let value = reader.string() else { return nil }
                labels[key] = value
            }
            namespaces[name] = labels
        }
        guard reader.offset == bytes.count else { return nil }
        (self.commit, self.separable, self.hasVars, self.entryCount, self.otherObjects) = (commit, separable, hasVars, entryCount, otherObjects)
        (self.topInputs, self.topKindInputs, self.units) = (topInputs, topKindInputs, units)
        (findings, policyFindings, rejections, warnings) = (lists[0], lists[1].map(\.finding), lists[2], lists[3])
        self.namespaces = namespaces
    }
}

/// Little-endian fields one after another.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func int(_ value: Int) {
        withUnsafeBytes(of: Int64(value).littleEndian) { bytes += $0 }
    }

    mutating func bool(_ value: Bool) {
        bytes.append(value ? 1 : 0)
    }

    mutating func string(_ value: String) {
        int(value.utf8.count)
        bytes += value.utf8
    }

    mutating func hashes(_ values: [UInt64]) {
        int(values.count)
        for value in values { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    }
}

/// Reads what `ByteWriter` wrote; each read is `nil` past the end.
struct ByteReader {
    let bytes: [UInt8]
    var offset: Int

    mutating func word() -> UInt64? {
        guard offset + 8 <= bytes.count else { return nil }
        defer { offset += 8 }
        return bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
    }

    mutating func int() -> Int? {
        word().map { Int(Int64(bitPattern: $0)) }
    }

    mutating func bool() -> Bool? {
        guard offset < bytes.count, bytes[offset] <= 1 else { return nil }
        offset += 1
        return bytes[offset - 1] == 1
    }

    mutating func string() -> String? {
        guard let count = int(), count >= 0, count <= bytes.count - offset else { return nil }
        defer { offset += count }
        return String(decoding: bytes[offset..<(offset + count)], as: UTF8.self)
    }

    mutating func hashes() -> [UInt64]? {
        guard let count = int(), count >= 0, count <= (bytes.count - offset) / 8 else { return nil }
        let start = offset
        offset += count * 8
        return bytes.withUnsafeBytes { raw in
            (0..<count).map { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: start + $0 * 8, as: UInt64.self)) }
        }
    }
}

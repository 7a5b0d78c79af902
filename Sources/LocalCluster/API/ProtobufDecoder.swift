import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import Manifests

/// Decodes the protobuf bodies kubectl sends for typed creates (`kubectl create`, `run`, `expose`,
/// `autoscale`) into the JSON objects they stand for.
///
/// The body is `k8s\0` and a `runtime.Unknown{1: typeMeta{1: apiVersion, 2: kind}, 2: raw}`;
/// `raw` is the typed object (kube-api.md §2.3), read with `ProtobufSchema`. Zero values of
/// plain fields are left out, as Go's JSON leaves them out; a field the schema does not know
/// that carries a value makes the body unsupported rather than silently lost.
///
/// Every length and offset comes from the wire, so each is checked against the bytes left
/// before any arithmetic, and nesting is bounded: a malformed body is a `Failure`, never a trap.
package enum ProtobufDecoder {
    struct Failure: Error {
        var message = "malformed protobuf body"
    }

    static let magic: [UInt8] = [0x6b, 0x38, 0x73, 0x00]

    /// Messages nested deeper than this are refused. The schema's deepest chain (a CronJob's
    /// pod template down to a volume's key selector) is 13 levels; the bound only matters
    /// should a recursive type ever join the schema.
    static let maxDepth = 32

    /// The JSON object a protobuf request body stands for; `Failure` when it is malformed or unsupported.
    package static func decode(_ body: [UInt8]) throws -> Node {
        guard body.count > 4, Array(body.prefix(4)) == magic else { throw Failure() }
        let envelope = try fields(body[4...])
        guard let typeMeta = envelope.first(where: { $0.number == 1 })?.bytes else { throw Failure() }
        let meta = try fields(typeMeta)
        let apiVersion = string(meta, 1) ?? ""
        let kind = string(meta, 2) ?? ""
        guard let type = ProtobufSchema.kinds["\(apiVersion)/\(kind)"] else {
            throw Failure(message: "no protobuf decoding for \(apiVersion) \(kind)")
        }
        let raw = envelope.first { $0.number == 2 }?.bytes ?? []
        var object = Mapping()
        object["apiVersion"] = .string(apiVersion)
        object["kind"] = .string(kind)
        for entry in try message(raw, type: type, path: kind, depth: 1).entries { object[entry.key.value] = entry.value }
        return .mapping(object)
    }

    /// One message as a JSON mapping; `depth` counts the messages it is nested in.
    static func message(_ bytes: ArraySlice<UInt8>, type: String, path: String, depth: Int) throws -> Mapping {
        guard depth <= maxDepth else { throw Failure(message: "\(path) is nested more than \(maxDepth) messages deep") }
        guard let schema = ProtobufSchema.messages[type] else { throw Failure(message: "no protobuf decoding for \(type)") }
        var result = Mapping()
        for field in try fields(bytes) {
            guard let descriptor = schema[field.number] else {
                if field.varint == 0 && field.bytes.isEmpty { continue }
                throw Failure(message: "field \(field.number) of \(type) at \(path) is not supported in protobuf")
            }
            let name = descriptor.name
            let at = "\(path).\(name)"
            if case .inline(let inner) = descriptor.kind {
                for entry in try message(field.bytes, type: inner, path: path, depth: depth + 1).entries {
                    result[entry.key.value] = entry.value
                }
                continue
            }
            if descriptor.map {
                let entry = try fields(field.bytes)
                let key = string(entry, 1) ?? ""
                let valueField = entry.first { $0.number == 2 } ?? Field(number: 2)
                guard let value = try value(valueField, descriptor, path: at, depth: depth) else { continue }
                result[name] = (result[name] ?? .emptyMapping).setting(key, value)
                continue
            }
            guard let value = try value(field, descriptor, path: at, depth: depth) else { continue }
            if descriptor.repeated {
                result[name] = .sequence((result[name]?.sequence ?? []) + [value])
            } else {
                result[name] = value
            }
        }
        return result
    }

    /// A field's JSON value, or `nil` when JSON leaves it out (zero values of plain fields).
    private static func value(_ field: Field, _ descriptor: ProtobufSchema.Field, path: String, depth: Int) throws -> Node? {
        let keepZero = descriptor.optional || descriptor.repeated || descriptor.map
        switch descriptor.kind {
        case .ignored, .inline:
            return nil
        case .string:
            let value = text(field.bytes)
            return value.isEmpty && !keepZero ? nil : .string(value)
        case .bytes:
            return .string(Base64.encode(Array(field.bytes)))
        case .int:
            let value = Int64(bitPattern: field.varint)
            return value == 0 && !keepZero ? nil : .int(Int(value))
        case .bool:
            return field.varint == 0 && !keepZero ? nil : .bool(field.varint != 0)
        case .time:
            let seconds = Int64(bitPattern: try fields(field.bytes).first { $0.number == 1 }?.varint ?? 0)
            return seconds == 0 ? nil : .string(Clock.format(Int(seconds)))
        case .quantity:
            return .string(string(try fields(field.bytes), 1) ?? "")
        case .intOrString:
            let parts = try fields(field.bytes)
            if parts.first(where: { $0.number == 1 })?.varint == 1 { return .string(string(parts, 3) ?? "") }
            return .int(Int(Int32(truncatingIfNeeded: Int64(bitPattern: parts.first { $0.number == 2 }?.varint ?? 0))))
        case .message(let type):
            return .mapping(try message(field.bytes, type: type, path: path, depth: depth + 1))
        }
    }

    struct Field {
        var number: Int
        var varint: UInt64 = 0
        var bytes: ArraySlice<UInt8> = []
    }

    static func fields(_ bytes: ArraySlice<UInt8>) throws -> [Field] {
        var result: [Field] = []
        var index = bytes.startIndex
        func varint() throws -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard index < bytes.endIndex, shift < 64 else { throw Failure() }
                let byte = bytes[index]
                index += 1
                value |= UInt64(byte & 0x7f) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
        }
        // Skips `count` bytes, comparing with what is left so that no length can overflow an index.
        func skip(_ count: UInt64) throws -> Range<Int> {
            guard count <= UInt64(bytes.endIndex - index) else { throw Failure() }
            let start = index
            index += Int(count)
            return start..<index
        }
        while index < bytes.endIndex {
            let tag = try varint()
            var field = Field(number: Int(tag >> 3))
            switch tag & 7 {
            case 0: field.varint = try varint()
            case 1: _ = try skip(8)
            case 5: _ = try skip(4)
            case 2: field.bytes = bytes[try skip(try varint())]
            default: throw Failure()
            }
            result.append(field)
        }
        return result
    }

    private static func string(_ fields: [Field], _ number: Int) -> String? {
        fields.first { $0.number == number }.map { text($0.bytes) }
    }

    private static func text(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    private static func mapEntry(_ bytes: ArraySlice<UInt8>) throws -> (String, ArraySlice<UInt8>) {
        let entry = try fields(bytes)
        return (string(entry, 1) ?? "", entry.first { $0.number == 2 }?.bytes ?? [])
    }
}

extension Node {
    /// A copy of this mapping with `key` set.
    func setting(_ key: String, _ value: Node) -> Node {
        var copy = self
        copy[key] = value
        return copy
    }
}

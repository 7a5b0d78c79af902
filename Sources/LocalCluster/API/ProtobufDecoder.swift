import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import Manifests

/// Decodes the few protobuf bodies kubectl sends (`kubectl create namespace|configmap|secret`) into JSON objects.
///
/// The body is `k8s\0` and a `runtime.Unknown{1: typeMeta{1: apiVersion, 2: kind}, 2: raw}`;
/// `raw` is the typed object (kube-api.md §2.3). Only varint and length-delimited
/// fields occur in these messages.
enum ProtobufDecoder {
    struct Failure: Error {}

    static let magic: [UInt8] = [0x6b, 0x38, 0x73, 0x00]

    static func decode(_ body: [UInt8]) throws -> Node {
        guard body.count > 4, Array(body.prefix(4)) == magic else { throw Failure() }
        let envelope = try fields(body[4...])
        guard let typeMeta = envelope.first(where: { $0.number == 1 })?.bytes else { throw Failure() }
        let meta = try fields(typeMeta)
        let apiVersion = string(meta, 1) ?? ""
        let kind = string(meta, 2) ?? ""
        let raw = envelope.first { $0.number == 2 }?.bytes ?? []
        var object = Mapping()
        object["apiVersion"] = .string(apiVersion)
        object["kind"] = .string(kind)
        for field in try fields(raw) {
            switch (kind, field.number) {
            case (_, 1):
                object["metadata"] = try metadata(field.bytes)
            case ("Namespace", 2):
                let finalizers = try fields(field.bytes).filter { $0.number == 1 }.map { Node.string(text($0.bytes)) }
                if !finalizers.isEmpty { object["spec"] = .mapping(Mapping(["finalizers": .sequence(finalizers)])) }
            case ("ConfigMap", 2):
                let (key, value) = try mapEntry(field.bytes)
                object["data"] = (object["data"] ?? .emptyMapping).setting(key, .string(text(value)))
            case ("ConfigMap", 3), ("Secret", 2):
                let (key, value) = try mapEntry(field.bytes)
                let name = kind == "Secret" ? "data" : "binaryData"
                object[name] = (object[name] ?? .emptyMapping).setting(key, .string(Data(value).base64EncodedString()))
            case ("ConfigMap", 4), ("Secret", 5):
                object["immutable"] = .bool(field.varint != 0)
            case ("Secret", 3):
                object["type"] = .string(text(field.bytes))
            case ("Secret", 4):
                let (key, value) = try mapEntry(field.bytes)
                object["stringData"] = (object["stringData"] ?? .emptyMapping).setting(key, .string(text(value)))
            default:
                break
            }
        }
        return .mapping(object)
    }

    private static func metadata(_ bytes: ArraySlice<UInt8>) throws -> Node {
        var metadata = Mapping()
        let names = [1: "name", 2: "generateName", 3: "namespace", 5: "uid", 6: "resourceVersion"]
        for field in try fields(bytes) {
            if let name = names[field.number] {
                let value = text(field.bytes)
                if !value.isEmpty { metadata[name] = .string(value) }
            } else if field.number == 11 || field.number == 12 {
                let (key, value) = try mapEntry(field.bytes)
                let name = field.number == 11 ? "labels" : "annotations"
                metadata[name] = (metadata[name] ?? .emptyMapping).setting(key, .string(text(value)))
            } else if field.number == 14 {
                var finalizers = metadata["finalizers"]?.sequence ?? []
                finalizers.append(.string(text(field.bytes)))
                metadata["finalizers"] = .sequence(finalizers)
            }
        }
        return .mapping(metadata)
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
        while index < bytes.endIndex {
            let tag = try varint()
            var field = Field(number: Int(tag >> 3))
            switch tag & 7 {
            case 0: field.varint = try varint()
            case 1: index += 8
            case 5: index += 4
            case 2:
                let length = Int(try varint())
                guard length >= 0, index + length <= bytes.endIndex else { throw Failure() }
                field.bytes = bytes[index..<(index + length)]
                index += length
            default: throw Failure()
            }
            guard index <= bytes.endIndex else { throw Failure() }
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

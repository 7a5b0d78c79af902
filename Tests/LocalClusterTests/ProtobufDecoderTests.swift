import Foundation
import Testing
@testable import LocalCluster

/// The protobuf bodies kubectl sends, and what the decoder does with bytes no kubectl sends.
@Suite("protobuf decoder")
struct ProtobufDecoderTests {
    /// `k8s\0`, a `runtime.Unknown` of `typeMeta` and `raw`.
    static func body(apiVersion: String, kind: String, raw: [UInt8]) -> [UInt8] {
        ProtobufDecoder.magic + Wire.bytes(1, Wire.bytes(1, Array(apiVersion.utf8)) + Wire.bytes(2, Array(kind.utf8)))
            + Wire.bytes(2, raw)
    }

    @Test("malformed lengths and offsets are a malformed body", arguments: [
        // the 16 bytes: a length-delimited envelope field of length 2^64 - 1
        [0x0a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
        [0x0a, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],  // 2^63
        [0x0a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f],  // 2^63 - 1
        [0x0a, 0x05, 0x01],  // a length past the end
        [0x09, 0x01, 0x02],  // a fixed64 past the end
        [0x0d, 0x01],  // a fixed32 past the end
        [0x08, 0xff],  // a varint cut short
        [0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],  // a varint of 11 bytes
        [0x0b],  // a group, which no Kubernetes type uses
    ] as [[UInt8]])
    func malformed(envelope: [UInt8]) {
        #expect(throws: ProtobufDecoder.Failure.self) { try ProtobufDecoder.decode(ProtobufDecoder.magic + envelope) }
    }

    @Test("a ConfigMap kubectl sends decodes, and a time near the end of Int32 years does not trap")
    func configMap() throws {
        // The year 2147484647 puts tm_year within 1900 of Int32.max.
        let seconds = UInt64(2_147_484_647 - 1970) * 31_556_952
        let metadata = Wire.bytes(1, Array("settings".utf8)) + Wire.bytes(8, Wire.varint(1, seconds))
        let raw = Wire.bytes(1, metadata) + Wire.bytes(2, Wire.bytes(1, Array("a".utf8)) + Wire.bytes(2, Array("1".utf8)))
        let object = try ProtobufDecoder.decode(Self.body(apiVersion: "v1", kind: "ConfigMap", raw: raw))
        #expect(object[path: ["metadata", "name"]]?.string == "settings")
        #expect(object[path: ["data", "a"]]?.string == "1")
        #expect(object[path: ["metadata", "creationTimestamp"]]?.string?.hasPrefix("2147484") == true)
    }

    @Test("every message kubectl sends nests within the decoder's depth bound")
    func schemaDepth() {
        func depth(_ type: String, _ seen: [String]) -> Int {
            guard !seen.contains(type), seen.count <= ProtobufDecoder.maxDepth else { return Int.max }
            let inner = (ProtobufSchema.messages[type] ?? [:]).values.compactMap { field -> String? in
                switch field.kind {
                case .message(let name), .inline(let name): name
                default: nil
                }
            }
            return 1 + (inner.map { depth($0, seen + [type]) }.max() ?? 0)
        }
        for type in Set(ProtobufSchema.kinds.values) {
            #expect(depth(type, []) <= ProtobufDecoder.maxDepth, "\(type) nests too deep, or recursively")
        }
    }

    @Test("the issue's 16-byte body is refused with 415 and the server keeps serving",
          .enabled(if: ServerProcess.isBuilt, "the git-ops binary is not built"))
    func serverSurvives() async throws {
        let server = try await ServerProcess.start(arguments: ["--in-memory", "--no-controllers"])
        defer { _ = server.terminate() }
        let client = APIClient(base: server.url)
        let bytes: [UInt8] = Array("k8s\0\n".utf8) + [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]
        let response = try await client.send("POST", "/api/v1/namespaces/default/configmaps", data: Data(bytes),
                                             contentType: "application/vnd.kubernetes.protobuf")
        #expect(response.status == 415, "\(response.text)")
        #expect(response.json?["message"]?.string?.hasSuffix("(malformed protobuf body)") == true, "\(response.text)")
        let health = try await client.send("GET", "/healthz")
        #expect(health.status == 200)
    }
}

/// Protobuf's wire format, for building bodies in tests.
enum Wire {
    static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7f) | 0x80)
            value >>= 7
        }
        return bytes + [UInt8(value)]
    }

    /// A length-delimited field (strings, bytes, messages).
    static func bytes(_ number: Int, _ content: [UInt8]) -> [UInt8] {
        varint(UInt64(number << 3 | 2)) + varint(UInt64(content.count)) + content
    }

    static func varint(_ number: Int, _ value: UInt64) -> [UInt8] {
        varint(UInt64(number << 3)) + varint(value)
    }
}

import LocalCluster
import Manifests
import Policy
import Render

/// One entry point the fuzzer feeds bytes to. Each must return for every
/// input: an error thrown is a correct answer; a trap, a hang, a leak or a
/// broken property (what the printer writes must read back) is a finding.
enum FuzzTarget: String, CaseIterable, Sendable {
    /// The YAML reader in both of its modes, then the printer, whose output must read back.
    case yaml
    /// The kustomization decoder.
    case kustomization
    /// A whole render of a small tree of files (see `FuzzArchive`).
    case render
    /// The JSON reader, then the writer, whose output must read back and, written
    /// again, settle (a float -0.0 is written `-0`, which reads back as an integer).
    case json
    /// The local cluster's decoder of kubectl's protobuf bodies; what it decodes must be writable as JSON.
    case protobuf
    /// The local cluster's whole request path over a socket (see `HTTPFuzzing`).
    case http
    /// Policies loaded from a YAML stream and evaluated on its other documents,
    /// as a pre-receive hook does with what a push brings.
    case policy

    /// Runs one input.
    func run(_ bytes: [UInt8]) {
        switch self {
        case .yaml: Self.yaml(bytes)
        case .kustomization: _ = try? Kustomization.decode(bytes, file: "kustomization.yaml")
        case .render: Self.render(bytes)
        case .json: Self.json(bytes)
        case .protobuf: Self.protobuf(bytes)
        case .http: HTTPFuzzing.run(bytes)
        case .policy: Self.policy(bytes)
        }
    }

    static func yaml(_ bytes: [UInt8]) {
        // The last bit picks the mode: YAML 1.1 (kustomization files) or go-yaml v3's reading.
        let yaml11 = (bytes.last ?? 0) & 1 == 1
        guard let documents = try? YAMLParser(source: "input", yaml11: yaml11).parse(bytes) else { return }
        for document in documents {
            guard let printed = try? YAMLEmitter.document(document) else { continue }
            do {
                _ = try YAMLParser(source: "printed").parse(printed)
            } catch {
                fatalError("the printed YAML does not read back: \(error)\n\(printed)")
            }
        }
    }

    static func policy(_ bytes: [UInt8]) {
        guard let documents = try? YAMLParser(source: "input", yaml11: true).parse(bytes) else { return }
        var policies: [KyvernoPolicy] = []
        var objects: [Node] = []
        for document in documents {
            if let loaded = try? PolicyLoader.policies([document], file: "input") {
                policies += loaded
            } else if document.mapping != nil {
                objects.append(document)
            }
        }
        _ = PolicyEngine(policies: policies).evaluate(objects)
    }

    static func render(_ bytes: [UInt8]) {
        let archive = FuzzArchive(bytes)
        guard let output = try? Renderer(tree: archive.tree).render(archive.directory) else { return }
        _ = try? output.yamlBytes()
    }

    static func json(_ bytes: [UInt8]) {
        guard let node = try? JSON.parse(bytes, source: "input"), let text = try? JSON.serialize(node) else { return }
        do {
            let settled = try JSON.serialize(JSON.parse(text, source: "written"))
            guard try JSON.serialize(JSON.parse(settled, source: "rewritten")) == settled else {
                fatalError("written JSON does not settle:\n\(text)\n\(settled)")
            }
        } catch {
            fatalError("written JSON does not read back: \(error)\n\(text)")
        }
    }

    static func protobuf(_ bytes: [UInt8]) {
        guard let object = try? ProtobufDecoder.decode(bytes) else { return }
        do {
            _ = try JSON.parse(JSON.serialize(object), source: "decoded")
        } catch {
            fatalError("a decoded protobuf body cannot be written as JSON: \(error)")
        }
    }
}

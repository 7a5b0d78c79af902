import Manifests

/// etcd's bound on one stored object, which the apiserver passes on: etcd refuses a request
/// over `--max-request-bytes` (1.5 MiB by default), and the apiserver answers the write with a
/// 500 `etcdserver: request is too large` (kubernetes#112152 asks for a better code).
///
/// The size measured is the object's JSON as the store keeps it, with its managed fields;
/// etcd holds built-in kinds as protobuf, which is smaller, so a built-in just under the
/// limit upstream may be refused here.
enum ObjectSize {
    static let limit = 1_572_864

    /// Throws upstream's error when `object` is over the limit.
    ///
    /// Serializing every written object only to measure it would cost each write a second
    /// serialization, so a walk first bounds the size from above: JSON writes a scalar's text
    /// at most six times longer (`\u00XX` for a control byte; a YAML `~` becomes `null`) and
    /// adds quotes and separators. Only an object that bound does not clear is serialized.
    static func check(_ object: Node) throws {
        guard upperBound(object) > limit else { return }
        let size = ((try? JSON.serialize(object)) ?? "").utf8.count
        guard size > limit else { return }
        throw APIError(code: 500, reason: "", message: "etcdserver: request is too large",
                       details: .mapping(Mapping(["causes": .sequence([
                           APIError.cause(reason: nil, message: "the object is \(size) bytes of JSON, over the limit of \(limit)",
                                          field: nil),
                       ])])))
    }

    /// A length `node`'s compact JSON never exceeds.
    static func upperBound(_ node: Node) -> Int {
        switch node {
        case .scalar(let scalar):
            return 6 * scalar.value.utf8.count + 6
        case .mapping(let mapping):
            return mapping.entries.reduce(2) { $0 + 6 * $1.key.value.utf8.count + 4 + upperBound($1.value) }
        case .sequence(let items):
            return items.reduce(2) { $0 + 1 + upperBound($1) }
        }
    }
}

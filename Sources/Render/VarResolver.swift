import Manifests

/// Replaces `$(VAR)` in var reference fields with the values of declared vars.
struct VarResolver {
    let vars: [Accumulator.Variable]
    let fieldSpecs: [FieldSpec]

    func apply(to resources: inout ResourceMap) throws {
        if let first = vars.first { throw notYetSupported("vars", file: first.file) }
    }
}

import Manifests

/// kstatus's field readers (`GetIntField`, `GetStringField`, `GetBoolField`):
/// a field that is absent, or not of the expected type, reads as the default.
extension Node {
    /// The integer at `path` (dotted, as kstatus writes it: `status.readyReplicas`).
    func integer(_ path: String) -> Int? {
        guard let scalar = self[path: Self.keys(path)]?.scalar, scalar.tag == .int else { return nil }
        return Int(scalar.value)
    }

    /// The integer at `path`, or `otherwise`.
    func integer(_ path: String, otherwise: Int) -> Int {
        integer(path) ?? otherwise
    }

    /// The text of the scalar at `path`, or `otherwise` (null and collections read as `otherwise`).
    func text(_ path: String, otherwise: String = "") -> String {
        self[path: Self.keys(path)]?.text ?? otherwise
    }

    /// The boolean at `path`, or `otherwise`.
    func boolean(_ path: String, otherwise: Bool) -> Bool {
        guard let scalar = self[path: Self.keys(path)]?.scalar, scalar.tag == .bool else { return otherwise }
        return scalar.value.lowercased() == "true"
    }

    private static func keys(_ path: String) -> [String] {
        path.split(separator: ".").map(String.init)
    }
}

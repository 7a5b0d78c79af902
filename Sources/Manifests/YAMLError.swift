/// A document that is not valid YAML, or that uses YAML in a way manifests may not.
package struct YAMLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file or stream the text came from, as the caller named it.
    package var source: String
    /// 1-based line of the problem; 0 when unknown.
    package var line: Int
    /// 1-based column of the problem; 0 when unknown.
    package var column: Int
    /// What is wrong, in lower case.
    package var message: String

    package init(source: String, line: Int, column: Int, message: String) {
        self.source = source
        self.line = line
        self.column = column
        self.message = message
    }

    package var description: String {
        let place = line > 0 ? "\(source):\(line):\(column)" : source
        return "\(place): \(message)"
    }
}

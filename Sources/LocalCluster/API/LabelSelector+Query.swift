import Manifests

extension LabelSelector {
    /// Parses the `labelSelector` query parameter; bad syntax is a 400, as the API server answers.
    init(parsing text: String) throws {
        do {
            try self.init(text)
        } catch {
            throw APIError.badRequest("unable to parse requirement: found '\(text)', expected: identifier")
        }
    }
}

extension String {
    /// The text without leading and trailing spaces.
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}

/// An image reference split as kustomize splits it:
/// `[host[:port]/]path[:tag][@digest]`. A colon before the first slash
/// belongs to the registry host, not to the tag.
struct ImageReference: CustomStringConvertible {
    var name: String
    var tag = ""
    var digest = ""

    init(_ text: String) {
        let characters = Array(text)
        // Search for the separators after the first slash (when it is not the first character).
        let slash = characters.firstIndex(of: "/").flatMap { $0 > 0 ? $0 : nil } ?? 0
        let at = characters[slash...].firstIndex(of: "@")
        let colon = characters[slash...].firstIndex(of: ":")
        if let at, colon.map({ at < $0 }) ?? true {
            // A digest only (a colon after the `@` is part of the digest).
            name = String(characters[..<at])
            digest = String(characters[(at + 1)...])
        } else if let colon {
            name = String(characters[..<colon])
            if let at {
                tag = String(characters[(colon + 1)..<at])
                digest = String(characters[(at + 1)...])
            } else {
                tag = String(characters[(colon + 1)...])
            }
        } else {
            name = text
        }
    }

    var description: String {
        var text = name
        if !tag.isEmpty { text += ":" + tag }
        if !digest.isEmpty { text += "@" + digest }
        return text
    }
}

/// An image reference split as kustomize splits it:
/// `[host[:port]/]path[:tag][@digest]`. A colon before the first slash
/// belongs to the registry host, not to the tag.
struct ImageReference: CustomStringConvertible {
    var name: String
    var tag = ""
    var digest = ""

    init(_ text: String) {
        // The separators are ASCII: searched for in the bytes.
        let bytes = Array(text.utf8)
        func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        // Search for the separators after the first slash (when it is not the first character).
        let slash = bytes.firstIndex(of: UInt8(ascii: "/")).flatMap { $0 > 0 ? $0 : nil } ?? 0
        let at = bytes[slash...].firstIndex(of: UInt8(ascii: "@"))
        let colon = bytes[slash...].firstIndex(of: UInt8(ascii: ":"))
        if let at, colon.map({ at < $0 }) ?? true {
            // A digest only (a colon after the `@` is part of the digest).
            name = string(0..<at)
            digest = string((at + 1)..<bytes.count)
        } else if let colon {
            name = string(0..<colon)
            if let at {
                tag = string((colon + 1)..<at)
                digest = string((at + 1)..<bytes.count)
            } else {
                tag = string((colon + 1)..<bytes.count)
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

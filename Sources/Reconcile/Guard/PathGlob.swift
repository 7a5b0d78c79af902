#if canImport(Glibc)
import Glibc
#endif

/// A path pattern of `owners:` in `.gitops.yaml`, matched against paths of the
/// repository's tree from its root: `*` and `?` within one path component (as
/// `fnmatch`), `**` for any number of components, and a pattern ending in `/`
/// for everything below that directory.
package struct PathGlob: Sendable, Equatable {
    /// The pattern as written.
    package let pattern: String
    let components: [String]

    package init(_ pattern: String) {
        self.pattern = pattern
        var text = pattern.hasPrefix("/") ? String(pattern.dropFirst()) : pattern
        if text.hasSuffix("/") { text += "**" }
        components = text.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    /// Whether `path` (a tree path, `clusters/prod/app.yaml`) matches.
    package func matches(_ path: String) -> Bool {
        Self.match(components[...], path.split(separator: "/").map(String.init)[...])
    }

    static func match(_ pattern: ArraySlice<String>, _ path: ArraySlice<String>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if first == "**" {
            let rest = pattern.dropFirst()
            var remaining = path
            while true {
                if match(rest, remaining) { return true }
                guard !remaining.isEmpty else { return false }
                remaining = remaining.dropFirst()
            }
        }
        guard let component = path.first, fnmatch(first, component, FNM_PERIOD) == 0 else { return false }
        return match(pattern.dropFirst(), path.dropFirst())
    }
}

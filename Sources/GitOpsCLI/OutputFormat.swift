import ArgumentParser

/// `--output`: text for people, or JSON for scripts, as every reporting verb offers.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text
    case json
}

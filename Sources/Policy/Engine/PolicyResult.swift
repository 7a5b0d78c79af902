/// What one rule of one policy said about one object.
package struct PolicyResult: Sendable, Equatable {
    package enum Status: String, Sendable {
        case pass, fail, skip, error
    }

    /// The policy as Kyverno names it (`name`, or `namespace/name` for a `Policy`).
    package var policy: String
    package var rule: String
    /// The rule a generated rule came from (`require-image-tag` for `autogen-require-image-tag`).
    package var sourceRule: String
    /// The index of the object among those checked.
    package var object: Int
    package var status: Status
    package var message: String
    /// What a failure does.
    package var action: FailureAction
    /// The policy's file.
    package var file: String

    /// True for a failure that must stop the change.
    package var blocks: Bool { status != .pass && status != .skip && action == .enforce }
}

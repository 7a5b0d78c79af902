/// A reference (`refs/ops/deploy/prod`) and the object it points to.
package struct Reference: Sendable, Equatable {
    /// What a compare-and-swap expects a reference to hold when it is written.
    package enum Expectation: Sendable, Equatable {
        /// The reference must not exist yet: the write creates it.
        case absent
        /// The reference must point at this object still.
        case value(ObjectID)
        /// Anything: the write replaces whatever is there.
        case any
    }

    /// The full name, `refs/...` (or `HEAD`).
    package var name: String
    /// The object it points to, symbolic references resolved.
    package var target: ObjectID

    /// A reference with its name and target.
    package init(name: String, target: ObjectID) {
        self.name = name
        self.target = target
    }
}

import Git

/// One page of an environment's history, newest first, and where the next page starts.
package struct DeploymentPage: Sendable, Equatable {
    /// The records of this page, newest first.
    package var deployments: [Deployment]
    /// The commit the next page starts at, or `nil` when this page reached the first record.
    package var next: ObjectID?

    /// A page with its records and the start of the next.
    package init(deployments: [Deployment], next: ObjectID?) {
        self.deployments = deployments
        self.next = next
    }
}

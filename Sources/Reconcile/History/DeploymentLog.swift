import Git
import State

/// The deployments of one or more environments, newest first, read a page at
/// a time so that the first lines of a long history cost a few commit reads:
/// what `git ops log` lists.
package struct DeploymentLog {
    /// One deployment, with the environment it belongs to and its source commit's subject.
    package struct Entry: Sendable {
        /// The environment the record is on.
        package var environment: String
        /// The record and its commit.
        package var deployment: Deployment
        /// The first line of the source commit's message; `nil` when this clone lacks the commit.
        package var sourceSummary: String?
    }

    let repository: Repository
    /// Each environment's history, the records read but not yet returned, and where its next page starts.
    private var cursors: [(history: DeploymentHistory, buffered: [Deployment], next: ObjectID?, started: Bool)]

    /// The log of `environments`, or of every environment with records when `nil`.
    /// An environment named but never deployed is an error saying so.
    package init(repository: Repository, environments: [String]?) throws {
        self.repository = repository
        let names: [String]
        if let environments {
            names = environments
        } else {
            let prefix = StateLayout.deployFolder + "/"
            names = try repository.references(under: StateLayout.deployFolder).map { String($0.name.dropFirst(prefix.count)) }
        }
        cursors = try names.map { name in
            let refs = try EnvironmentRefs(name)
            if environments != nil, try repository.referenceTarget(refs.deploy) == nil {
                throw StateError(.notFound, "no deployments of '\(name)' yet; 'git ops sync \(name)' makes the first")
            }
            return (DeploymentHistory(repository: repository, environment: refs), [], nil, false)
        }
    }

    /// The next `count` entries, newest first across the environments (fewer at the end).
    package mutating func next(_ count: Int) throws -> [Entry] {
        var entries: [Entry] = []
        while entries.count < count {
            for index in cursors.indices where cursors[index].buffered.isEmpty {
                try refill(index, count: count - entries.count)
            }
            let newest = cursors.indices.filter { !cursors[$0].buffered.isEmpty }
                .max { cursors[$0].buffered[0].record.time < cursors[$1].buffered[0].record.time }
            guard let index = newest else { break }
            let deployment = cursors[index].buffered.removeFirst()
            entries.append(Entry(environment: cursors[index].history.environment.name, deployment: deployment,
                                 sourceSummary: try? repository.commit(deployment.record.sourceCommit).summary))
        }
        return entries
    }

    private mutating func refill(_ index: Int, count: Int) throws {
        guard !cursors[index].started || cursors[index].next != nil else { return }
        let page = try cursors[index].history.page(from: cursors[index].next, limit: max(count, 1))
        cursors[index].buffered = page.deployments
        cursors[index].next = page.next
        cursors[index].started = true
    }
}

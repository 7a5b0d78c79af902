import Testing
@testable import Plan

@Suite("Job health")
struct JobHealthTests {
    /// A Job of 4 completions with `spec` added and `status`.
    static func job(spec: String = "", _ status: String) -> String {
        manifest("batch/v1", "Job", metadata: "name: migrate, namespace: shop", spec: "completions: 4" + spec, status: status)
    }

    @Test("follows kstatus from not started to complete or failed", arguments: [
        ("", Health(.inProgress, reason: "JobNotStarted", message: "Job not started")),
        ("startTime: '2025-06-15T15:06:40Z', active: 2, succeeded: 1",
         Health(.current, message: "Job in progress. success:1, active: 2, failed: 0")),
        ("startTime: '2025-06-15T15:06:40Z', succeeded: 4, conditions: [{type: Complete, status: 'True'}]",
         Health(.current, message: "Job Completed. succeeded: 4/4")),
        ("startTime: '2025-06-15T15:06:40Z', failed: 6, conditions: [{type: Failed, status: 'True', reason: BackoffLimitExceeded}]",
         Health(.failed, reason: "JobFailed", message: "Job Failed. failed: 6/4")),
        ("conditions: [{type: Complete, status: 'False'}]", Health(.inProgress, reason: "JobNotStarted", message: "Job not started")),
    ])
    func run(status: String, expected: Health) throws {
        #expect(try health(Self.job(status)) == expected)
    }

    @Test("a Job suspended on purpose is current; a Suspended condition alone is not enough", arguments: [
        (", suspend: true", Health(.current, message: "Job is suspended")),
        ("", Health(.inProgress, reason: "JobNotStarted", message: "Job not started")),
    ])
    func suspended(spec: String, expected: Health) throws {
        #expect(try health(Self.job(spec: spec, "conditions: [{type: Suspended, status: 'True'}]")) == expected)
    }

    @Test("completions default to parallelism")
    func completionsDefault() throws {
        let yaml = """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: m}
            spec: {parallelism: 3}
            status: {succeeded: 3, conditions: [{type: Complete, status: 'True'}]}
            """
        #expect(try health(yaml) == Health(.current, message: "Job Completed. succeeded: 3/3"))
    }
}

import ArgumentParser
import Foundation
import Git
import Reconcile

/// `git ops hook <name>`: the plumbing the installed hook shims exec. git runs
/// it inside the repository, with the pushed objects in quarantine.
struct HookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hook",
        abstract: "Run a server-side hook (plumbing for the installed shims).",
        discussion: """
            pre-receive reads '<old> <new> <ref>' lines on stdin and checks every branch the \
            push updates that an environment of .gitops.yaml deploys from: the configuration, \
            protected branches, owners, and the render and objects of each environment at the \
            pushed commit. It only reads; exit 1 rejects the whole push. update takes \
            '<ref> <old> <new>' and gives the same verdict for one ref. post-receive reads its \
            input and exits 0 at once. See git-ops-hooks(5).
            """
    )

    @Argument(help: "The hook: pre-receive, update or post-receive.")
    var name: String

    @Argument(parsing: .captureForPassthrough, help: "The hook's arguments (update: <ref> <old> <new>).")
    var arguments: [String] = []

    /// The most stdin a pre-receive reads: git sends one short line per ref.
    static let inputLimit = 16 << 20

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let report = HookReport(gitLab: environment["GL_ID"] != nil)
        switch name {
        case "pre-receive", "update":
            let updates: [RefUpdate]
            do {
                updates = name == "update" ? [try RefUpdate.parse(arguments: arguments)] : try RefUpdate.parse(try Self.readInput())
            } catch let finding as Finding {
                report.reject([finding])
                throw ExitCode(ExitStatus.no.rawValue)
            }
            let repository: Repository
            do {
                repository = try Repository(discoveringFrom: nil, environment: environment)
            } catch let error as GitError {
                report.reject([Finding(.input, "cannot open the repository: \(error.message)")])
                throw ExitCode(ExitStatus.no.rawValue)
            }
            // git gives update no push options, and pre-receive has checked every
            // ref already when it is git-ops' too: then update has nothing to add.
            if name == "update", HooksCommand.Install.hasOwnHook("pre-receive", in: repository) { return }
            let verdict = PushGuard(repository: repository).check(updates, context: PushGuard.Context(environment: environment))
            report.print(verdict)
            if verdict.rejects { throw ExitCode(ExitStatus.no.rawValue) }
        case "post-receive":
            // Nothing is recorded yet: read what git sends so it never waits on a
            // full pipe, and let the pusher go.
            _ = try? Self.readInput()
        default:
            throw CLIError(.usage, "unknown hook '\(name)'; git-ops runs pre-receive, update and post-receive")
        }
    }

    /// Standard input, up to `inputLimit` bytes; more is refused rather than read without end.
    static func readInput() throws -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return bytes }
            bytes += chunk[0..<count]
            if bytes.count > inputLimit {
                throw Finding(.input, "the hook's input is over \(inputLimit >> 20) MiB; git sends one short line per ref")
            }
        }
    }
}

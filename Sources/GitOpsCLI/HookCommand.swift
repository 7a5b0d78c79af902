import ArgumentParser
import Foundation
import Git
import Reconcile

/// `git ops hook <name>`: the plumbing the installed hook shims exec. git runs
/// it inside the repository, with the pushed objects in quarantine.
struct HookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hook",
        abstract: "Run a server-side hook (plumbing for the installed shims).",
        discussion: """
            pre-receive reads '<old> <new> <ref>' lines on stdin and checks every branch the \
            push updates that an environment of .gitops.yaml deploys from: the configuration, \
            protected branches, owners, and the render and objects of each environment at the \
            pushed commit. It only reads; exit 1 rejects the whole push. update takes \
            '<ref> <old> <new>' and gives the same verdict for one ref. post-receive notes each \
            push to an environment's branch on refs/notes/ops (with the bypass of -o ops.skip), \
            starts 'git ops sync --automatic' in the background for autoSync environments, and \
            sends the push event to the webhook of git config ops.webhook (through 'notify', \
            its detached sender). See git-ops-hooks(5).
            """
    )

    @Argument(help: "The hook: pre-receive, update or post-receive.")
    var name: String

    @Argument(parsing: .captureForPassthrough, help: "The hook's arguments (update: <ref> <old> <new>).")
    var arguments: [String] = []

    /// The most stdin a pre-receive reads: git sends one short line per ref.
    static let inputLimit = 16 << 20

    func run() async throws {
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
            let context = PushGuard.Context(environment: environment)
            let store = CheckStore(repository: repository, checker: CheckStore.executableIdentity(version: Version.current))
            let verdict = PushGuard(repository: repository, store: store).check(updates, context: context)
            report.print(verdict)
            if verdict.rejects { throw ExitCode(ExitStatus.no.rawValue) }
            if verdict.bypass != nil, let reason = context.skipReason {
                var rules: [String] = []
                for finding in verdict.findings where !rules.contains(finding.rule.rawValue) { rules.append(finding.rule.rawValue) }
                PushRecorder.leaveBypass(reason: reason, rules: rules, updates: updates, repository: repository)
            }
        case "post-receive":
            try postReceive(environment: environment, report: report)
        case "notify":
            // Plumbing of post-receive's detached sender: `hook notify <request file>`.
            guard let file = arguments.first, arguments.count == 1 else { throw CLIError(.usage, "usage: git ops hook notify <request file>") }
            await WebhookSender.send(requestFile: file)
        default:
            throw CLIError(.usage, "unknown hook '\(name)'; git-ops runs pre-receive, update and post-receive")
        }
    }

    /// Records the push on each environment's branch and starts the `autoSync`
    /// environments' syncs in the background. The refs have moved already:
    /// whatever goes wrong is a warning and exit 0, and nothing waits for a sync.
    func postReceive(environment: [String: String], report: HookReport) throws {
        let updates: [RefUpdate]
        do {
            updates = try RefUpdate.parse(try Self.readInput())
        } catch {
            report.write(["git-ops: warning: post-receive cannot read its input (\(error)); nothing recorded"], asError: false)
            return
        }
        guard !updates.isEmpty, let repository = try? Repository(discoveringFrom: nil, environment: environment) else { return }
        let pusher = PushGuard.Context(environment: environment).pusher
        let outcome = PushRecorder(repository: repository).record(updates, pusher: pusher, time: Int64(Date().timeIntervalSince1970))
        var lines = outcome.problems.map { "git-ops: warning: \($0)" }
        let logs = repository.gitPath("ops/logs")
        for name in outcome.autoSync {
            let log = logs + "/sync-\(name).log"
            do {
                try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
                _ = try DetachedProcess.start(arguments: ["sync", name, "--automatic"], log: log)
                lines.append("git-ops: environment '\(name)': syncing in the background (autoSync), log in \(log)")
            } catch {
                lines.append("git-ops: warning: environment '\(name)': cannot start its sync: \(error)")
            }
        }
        lines += notifyWebhook(outcome, updates: updates, repository: repository, pusher: pusher, logs: logs)
        report.write(lines, asError: false)
    }

    /// With git config `ops.webhook`, sends each moved environment branch's push
    /// event there from a detached process; the lines to show the pusher.
    func notifyWebhook(_ outcome: PushRecorder.Outcome, updates: [RefUpdate], repository: Repository, pusher: String?,
                       logs: String) -> [String] {
        guard let url = (try? repository.configValue("ops.webhook")) ?? nil, !url.isEmpty else { return [] }
        let secret = (try? repository.configValue("ops.webhookSecret")) ?? nil
        let repositoryURL = ((try? repository.configValue("ops.webhookRepository")) ?? nil) ?? repository.gitDirectory
        let moved = Set(outcome.recorded.map(\.reference))
        let folder = repository.gitPath("ops/webhook")
        var lines: [String] = []
        for update in updates where moved.contains(update.ref) {
            guard let request = PushWebhook(url: url, secret: secret, update: update, repositoryURL: repositoryURL, pusher: pusher),
                  let text = try? request.serialized() else { continue }
            let file = folder + "/\(update.new?.hex ?? "none")-\(UInt32.random(in: 0...UInt32.max)).json"
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
                // Only the server's user may read it: it holds the signed body and the URL.
                guard FileManager.default.createFile(atPath: file, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
                    throw CLIError(.fatal, "cannot write \(file)")
                }
                _ = try DetachedProcess.start(arguments: ["hook", "notify", file], log: logs + "/webhook.log")
                lines.append("git-ops: \(update.ref): notifying the webhook of ops.webhook in the background")
            } catch {
                try? FileManager.default.removeItem(atPath: file)
                lines.append("git-ops: warning: \(update.ref): cannot notify the webhook: \(error)")
            }
        }
        return lines
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

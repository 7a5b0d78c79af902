import ArgumentParser
import Manifests
import Foundation
import Git
import Reconcile
import Render
import Secrets

/// `git ops render`: prints the rendered manifests of a directory.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Print the rendered manifests of a directory.",
        discussion: """
            A directory with a kustomization renders as 'kubectl kustomize' renders it, \
            byte for byte. A directory of plain YAML renders every YAML file below it, \
            in path order. With --rev, everything is read from that revision, with no checkout. \
            Files encrypted with sops are read as they are, as kubectl does, unless \
            --show-secrets decrypts them (keys: SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, git config \
            ops.ageKeyFile, ~/.config/sops/age/keys.txt).
            """
    )

    @Argument(help: "The directories to render (default: the current directory); several print one stream.")
    var paths: [String] = []

    @Option(name: .long, help: ArgumentHelp("Read the directory from this revision instead of the work tree.", valueName: "revision"))
    var rev: String?

    @Option(name: .long, help: ArgumentHelp("Where files may be loaded from: 'rootOnly' (default) or 'none'.", valueName: "restrictor"))
    var loadRestrictor: String = "rootOnly"

    @Flag(name: .long, help: "Decrypt files encrypted with sops and print their values.")
    var showSecrets = false

    /// What the command line asks for.
    var options: Options {
        Options(paths: paths, rev: rev, loadRestrictor: loadRestrictor, showSecrets: showSecrets)
    }

    func run() throws {
        try Self.render(options)
    }

    /// The choices of one `git ops render`, whether ArgumentParser or `CommonArguments` read them.
    struct Options: Equatable {
        var paths: [String] = []
        var rev: String?
        var loadRestrictor = "rootOnly"
        var showSecrets = false
    }

    /// Renders what `options` ask for and prints it.
    static func render(_ options: Options) throws {
        let restrictor: Loader.Restrictor
        switch options.loadRestrictor {
        case "rootOnly", "LoadRestrictionsRootOnly": restrictor = .rootOnly
        case "none", "LoadRestrictionsNone": restrictor = .none
        default: throw CLIError(.usage, "unknown load restrictor '\(options.loadRestrictor)'; use 'rootOnly' or 'none'")
        }
        let sources = try RenderSource.resolve(paths: options.paths.isEmpty ? ["."] : options.paths, revision: options.rev)
        // Every directory is rendered before anything is written: a failure leaves
        // no partial stream behind for a pipe into kubectl to apply.
        // Bases are kept only for renders of several directories, which share them.
        let cache = RenderCache(keepsBases: sources.count > 1)
        var decryption: SOPSDecryption?
        if options.showSecrets {
            decryption = AgeKeyring.decryption(for: try? Repository())
        }
        var rendered: [[[UInt8]]] = []
        var outputs: [Renderer.Output] = []
        var printed = 0
        // What the render built is freed by the process exit, not node by node:
        // on a whole environment that teardown costs more than the emit.
        defer { ProcessLifetime.keep((outputs, rendered, cache)) }
        for source in sources {
            let renderer = Renderer(tree: source.tree, options: Renderer.Options(loadRestrictor: restrictor, decryption: decryption), cache: cache)
            do {
                let output = try renderer.render(source.directory)
                for warning in output.warnings { FileHandleOutput.standardError.write(warning + "\n") }
                let chunks = try output.yamlChunks().filter { !$0.isEmpty }
                printed += chunks.reduce(0) { $0 + $1.count }
                guard printed <= InputLimits.renderedBytes else {
                    throw CLIError(.fatal, "cannot render '\(source.displayName)': the printed YAML of all directories "
                                   + "would be larger than \(InputLimits.describe(InputLimits.renderedBytes)), the most git-ops prints")
                }
                rendered.append(chunks)
                outputs.append(output)
            } catch let error as RenderError {
                throw CLIError(.fatal, "cannot render '\(source.displayName)': \(error)")
            }
        }
        for (index, chunks) in rendered.enumerated() where !chunks.isEmpty {
            if rendered[..<index].contains(where: { !$0.isEmpty }) { FileHandleOutput.standardOutput.write("---\n") }
            for chunk in chunks { FileHandleOutput.standardOutput.write(bytes: chunk) }
        }
    }
}

/// Values a one-shot command keeps until the process exits.
///
/// A render builds millions of small nodes; releasing them one by one at the
/// end of the command takes longer than the kernel takes to drop the pages,
/// so the command hands them here instead and they live until `exit`.
enum ProcessLifetime {
    private final class Box<Value>: @unchecked Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    static func keep<Value>(_ value: Value) {
        _ = Unmanaged.passRetained(Box(value))
    }
}

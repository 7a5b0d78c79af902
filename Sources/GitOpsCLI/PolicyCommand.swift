import ArgumentParser
import Foundation
import Git
import Manifests
import Policy
import Reconcile
import Render

/// `git ops policy`: Kyverno validate policies, run in-process.
struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Test Kyverno policies and check environments against them.",
        discussion: """
            Policies are Kyverno ClusterPolicy and Policy documents (kyverno.io/v1) with validate \
            rules: pattern, anyPattern and foreach, with Kyverno's anchors, operators, wildcards \
            and the rules it generates for Pod controllers. .gitops.yaml names them under \
            'policies:', globally and per environment. See git-ops-policy(1).
            """,
        subcommands: [Test.self, Check.self]
    )

    /// `test`: kyverno test suites.
    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test",
            abstract: "Run kyverno-test.yaml suites, as 'kyverno test' does.",
            discussion: """
                Finds every kyverno-test.yaml under the directory, loads the policies and \
                resources it names (paths relative to the test file) and compares each expected \
                result with the engine's. Exits 1 when any result differs.
                """
        )

        @Argument(help: "A directory holding kyverno-test.yaml files (searched recursively), or one test file.")
        var path: String

        @Option(name: .customLong("file-name"), help: ArgumentHelp("The test files' name.", valueName: "name"))
        var fileName: String = "kyverno-test.yaml"

        @Flag(name: .long, help: "Print only failed results.")
        var failOnly = false

        func run() throws {
            let tests = try Self.testFiles(path, name: fileName)
            guard !tests.isEmpty else {
                throw CLIError(.fatal, "no \(fileName) under '\(path)'")
            }
            var passed = 0
            var failed = 0
            var broken = 0
            for file in tests {
                do {
                    let outcomes = try Self.run(file)
                    print("Test \(file):")
                    for (index, outcome) in outcomes.enumerated() where !failOnly || !outcome.passed {
                        print("  \(index + 1). \(outcome.passed ? "Pass" : "Fail")  policy \(outcome.policy)  rule \(outcome.rule)  resource \(outcome.resource)  \(outcome.reason)")
                    }
                    passed += outcomes.filter(\.passed).count
                    failed += outcomes.filter { !$0.passed }.count
                } catch {
                    broken += 1
                    FileHandleOutput.standardError.write("error: \(error)\n")
                }
            }
            print("Test Summary: \(passed) tests passed and \(failed) tests failed")
            if failed > 0 || broken > 0 { throw ExitCode(ExitStatus.no.rawValue) }
        }

        /// The test files: `path` itself, or every file named `name` below it, in path order.
        static func testFiles(_ path: String, name: String) throws -> [String] {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CLIError(.fatal, "'\(path)' does not exist")
            }
            guard isDirectory.boolValue else { return [path] }
            let found = FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String } ?? []
            return found.filter { ($0 as NSString).lastPathComponent == name }.sorted().map { (path as NSString).appendingPathComponent($0) }
        }

        /// Loads one test and checks it.
        static func run(_ file: String) throws(PolicyError) -> [KyvernoTest.Outcome] {
            let documents = try Self.documents(file)
            guard let first = documents.first else { throw PolicyError(file: file, "the file is empty") }
            let test = try KyvernoTest(first, file: file)
            let folder = (file as NSString).deletingLastPathComponent
            var policies: [KyvernoPolicy] = []
            for path in test.policies {
                for policyFile in try yamlFiles(path, from: folder, test: file) {
                    policies += try PolicyLoader.policies(try Self.documents(policyFile), file: policyFile)
                }
            }
            var objects: [Node] = []
            for path in test.resources {
                for resourceFile in try yamlFiles(path, from: folder, test: file) {
                    objects += try Self.documents(resourceFile).filter { $0.mapping != nil }
                }
            }
            return test.check(policies: policies, objects: objects)
        }

        /// The YAML files at `path` (relative to `folder`): the file, or the files of the directory.
        static func yamlFiles(_ path: String, from folder: String, test: String) throws(PolicyError) -> [String] {
            let full = ((path.hasPrefix("/") ? path : (folder as NSString).appendingPathComponent(path)) as NSString).standardizingPath
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory) else {
                throw PolicyError(file: test, "names '\(path)', which does not exist")
            }
            guard isDirectory.boolValue else { return [full] }
            let found = FileManager.default.enumerator(atPath: full)?.compactMap { $0 as? String } ?? []
            return found.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") || $0.hasSuffix(".json") }.sorted()
                .map { (full as NSString).appendingPathComponent($0) }
        }

        static func documents(_ file: String) throws(PolicyError) -> [Node] {
            guard let data = FileManager.default.contents(atPath: file) else { throw PolicyError(file: file, "cannot read the file") }
            do {
                return try YAMLParser(source: file, yaml11: true).parse([UInt8](data))
            } catch {
                throw PolicyError(file: file, "not YAML: \(error)")
            }
        }
    }

    /// `check`: every result of an environment's policies on its rendered objects.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check the rendered objects of environments against their policies.",
            discussion: """
                Renders each environment (all of them by default) from the git tree at HEAD or \
                --rev, loads the policies .gitops.yaml names for it, and prints every result: \
                pass, fail, skip or error, per policy, rule and object, with the file the object \
                came from. Exits 1 when an Enforce rule fails; Audit failures are reported only.
                """
        )

        @Argument(help: "The environments to check (default: all of them).")
        var environments: [String] = []

        @Option(name: .long, help: ArgumentHelp("Check this revision instead of HEAD.", valueName: "revision"))
        var rev: String?

        @Option(name: .long, help: "Output format: text or json.")
        var output: OutputFormat = .text

        func run() throws {
            let repository = try ReconcileOptions.repository()
            let commit: ObjectID
            do {
                commit = try repository.commit(try repository.resolve(rev ?? "HEAD")).id
            } catch let error as GitError {
                throw CLIError(.fatal, "cannot resolve '\(rev ?? "HEAD")': \(error.message)")
            }
            let (file, finding) = ConfigurationCheck.read(repository, at: commit)
            if let finding { throw CLIError(.fatal, finding.description) }
            guard let file else { throw CLIError(.fatal, "no \(GitOpsFile.fileName) at \(commit.short); run 'git ops init'") }
            for name in environments where file.environment(name) == nil {
                throw CLIError(.usage, "no environment '\(name)' in \(GitOpsFile.fileName); it has \(file.environments.map(\.name).joined(separator: ", "))")
            }
            let tree = try repository.tree(at: commit)
            let cache = RenderCache()
            var reports: [Node] = []
            var blocked = false
            var problems = false
            for environment in file.environments where environments.isEmpty || environments.contains(environment.name) {
                let paths = file.policyPaths(of: environment)
                let check = PolicyCheck(tree: tree, cache: cache)
                let loaded = check.load(paths)
                for finding in loaded.findings {
                    FileHandleOutput.standardError.write("error: environment '\(environment.name)': \(finding)\n")
                    problems = true
                }
                let rendered: Renderer.Output
                do {
                    rendered = try Renderer(tree: tree, cache: cache).render(environment.path)
                } catch let error as RenderError {
                    FileHandleOutput.standardError.write("error: environment '\(environment.name)' does not render: \(error.message)\n")
                    problems = true
                    continue
                }
                let origins = rendered.origins.map { $0.hasSuffix(tree.displaySuffix) ? String($0.dropLast(tree.displaySuffix.count)) : $0 }
                let results = PolicyEngine(policies: loaded.policies).evaluate(rendered.objects)
                blocked = blocked || results.contains(where: \.blocks)
                if output == .json {
                    reports.append(.mapping(Mapping([
                        "environment": .string(environment.name),
                        "policies": .sequence(paths.map(Node.string)),
                        "results": .sequence(results.map { Self.json($0, rendered.objects, origins) }),
                    ])))
                } else {
                    print("environment '\(environment.name)': \(loaded.policies.count) polic\(loaded.policies.count == 1 ? "y" : "ies"), \(rendered.objects.count) object\(rendered.objects.count == 1 ? "" : "s")")
                    for result in results {
                        let resource = Resource(rendered.objects[result.object])
                        let origin = result.object < origins.count ? origins[result.object] : ""
                        let object = resource.namespace.isEmpty ? "\(resource.kind)/\(resource.name)" : "\(resource.kind)/\(resource.namespace)/\(resource.name)"
                        var line = "  \(result.status.rawValue)  \(result.policy)/\(result.rule)  \(object)"
                        if !origin.isEmpty { line += "  (\(origin))" }
                        if result.status == .fail || result.status == .error { line += "  [\(result.action.rawValue)] \(result.message)" }
                        print(line)
                    }
                    let counts = Dictionary(grouping: results, by: \.status).mapValues(\.count)
                    print("  \(counts[.pass] ?? 0) pass, \(counts[.fail] ?? 0) fail, \(counts[.skip] ?? 0) skip, \(counts[.error] ?? 0) error")
                }
            }
            if output == .json { print(try JSON.serialize(.sequence(reports))) }
            if blocked || problems { throw ExitCode(ExitStatus.no.rawValue) }
        }

        static func json(_ result: PolicyResult, _ objects: [Node], _ origins: [String]) -> Node {
            let resource = Resource(objects[result.object])
            var fields: [(String, Node)] = [
                ("policy", .string(result.policy)), ("rule", .string(result.rule)), ("result", .string(result.status.rawValue)),
                ("action", .string(result.action.rawValue)), ("message", .string(result.message)),
                ("apiVersion", .string(resource.apiVersion)), ("kind", .string(resource.kind)), ("name", .string(resource.name)),
            ]
            if !resource.namespace.isEmpty { fields.append(("namespace", .string(resource.namespace))) }
            if result.object < origins.count, !origins[result.object].isEmpty { fields.append(("file", .string(origins[result.object]))) }
            fields.append(("policyFile", .string(result.file)))
            return .mapping(Mapping(fields.map { Mapping.Entry(key: Scalar($0.0), value: $0.1) }))
        }
    }
}

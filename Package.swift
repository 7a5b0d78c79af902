// swift-tools-version: 6.0
// git-ops: GitOps that lives inside git. Layout and dependency rules: ../shared/DESIGN.md.
import PackageDescription

let package = Package(
    name: "git-ops",
    products: [
        .executable(name: "git-ops", targets: ["git-ops"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .systemLibrary(name: "CGit2", pkgConfig: "libgit2", providers: [.apt(["libgit2-dev"])]),
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),

        .target(name: "Manifests", dependencies: ["CYAML"], exclude: ["README.md"]),
        .target(name: "FileTree", exclude: ["README.md"]),
        .target(name: "CGit2Startup", dependencies: ["CGit2"], linkerSettings: [
            .linkedLibrary("dl"),
            // libgit2 must find the definition in the executable: see CGit2Startup.c.
            .unsafeFlags(["-Xlinker", "--export-dynamic-symbol=mbedtls_x509_crt_parse_file"]),
        ]),
        .target(name: "Git", dependencies: ["CGit2", "CGit2Startup", "FileTree"], exclude: ["README.md"]),
        .target(name: "Digests", dependencies: ["COpenSSL"], exclude: ["README.md"]),
        .target(name: "Executors", exclude: ["README.md"]),
        .target(name: "Render", dependencies: ["Manifests", "FileTree", "Digests", "Secrets"], exclude: ["README.md"]),
        .target(name: "Plan", dependencies: ["Manifests"], exclude: ["README.md"]),
        .target(name: "Policy", dependencies: ["Manifests"], exclude: ["README.md"]),
        .target(name: "Reconcile", dependencies: ["Manifests", "FileTree", "Render", "Plan", "Policy", "State", "Git", "Digests", "Kube", "Secrets"], exclude: ["README.md"]),
        .target(name: "State", dependencies: ["Git", "Manifests", "Digests"], exclude: ["README.md"]),
        .target(name: "Certificates", dependencies: ["COpenSSL"], exclude: ["README.md"]),
        .target(
            name: "Agent",
            dependencies: [
                "Reconcile", "State", "Git", "Manifests", "Digests", "Kube", "Executors",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            exclude: ["README.md"]
        ),
        .target(name: "Secrets", dependencies: ["COpenSSL", "Manifests", "Digests"], exclude: ["README.md"]),
        .target(
            name: "Kube",
            dependencies: [
                "Manifests",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            exclude: ["README.md"]
        ),
        .target(
            name: "LocalCluster",
            dependencies: [
                "Manifests", "CSQLite", "Certificates", "Digests", "Executors",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            exclude: ["README.md"]
        ),
        .target(
            name: "GitOpsCLI",
            dependencies: [
                "Manifests", "FileTree", "Git", "Render", "LocalCluster", "Reconcile", "Policy", "Agent", "State", "Kube", "Secrets",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            exclude: ["README.md"]
        ),
        // Release builds link the C++ runtime statically (see link/libstdc++.so):
        // every git-ops command starts about a millisecond sooner.
        .executableTarget(name: "git-ops", dependencies: ["GitOpsCLI"], linkerSettings: [
            .unsafeFlags(["-L", Context.packageDirectory + "/link"], .when(configuration: .release)),
        ]),
        .executableTarget(name: "yaml-bench", dependencies: ["Manifests", "FileTree"], path: "Benchmarks/YAMLBench"),
        .executableTarget(name: "state-bench", dependencies: ["State", "Git", "Manifests"], path: "Benchmarks/StateBench"),
        // Fuzz targets: built with -sanitize=fuzzer by `make fuzz`; otherwise a replayer of inputs.
        .target(name: "CFuzzer"),
        .executableTarget(name: "git-ops-fuzz", dependencies: ["Manifests", "FileTree", "Render", "LocalCluster", "Policy", "CFuzzer"], path: "Fuzz",
                          exclude: ["README.md", "run", "seed", "seeds", "lsan.supp"]),

        .testTarget(name: "ManifestsTests", dependencies: ["Manifests", "FileTree"]),
        .testTarget(name: "ExecutorsTests", dependencies: ["Executors"]),
        // What several test suites share: temporary git repositories, an HTTPS local cluster with its kubeconfig.
        .target(name: "TestSupport", dependencies: ["LocalCluster", "Kube"], path: "Tests/TestSupport"),
        .testTarget(name: "GitTests", dependencies: ["Git", "CGit2Startup", "Certificates", "FileTree", "Manifests", "Render", "TestSupport"]),
        .testTarget(name: "PlanTests", dependencies: ["Plan", "Manifests"]),
        .testTarget(name: "PolicyTests", dependencies: ["Policy", "Manifests"]),
        .testTarget(name: "AgentTests", dependencies: ["Agent", "Reconcile", "Digests", "TestSupport"]),
        .testTarget(name: "ReconcileTests", dependencies: ["Reconcile", "Manifests", "Kube", "LocalCluster", "Plan", "State", "Git", "Secrets", "TestSupport"]),
        .testTarget(name: "StateTests", dependencies: ["State", "Git", "Manifests", "Digests", "TestSupport"]),
        .testTarget(name: "RenderTests", dependencies: ["Render", "FileTree", "Manifests", "Digests"], resources: [.copy("Fixtures")]),
        .testTarget(name: "LocalClusterTests", dependencies: ["LocalCluster", "Manifests", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CertificatesTests", dependencies: ["Certificates"]),
        // CZlib only inflates the age testkit's compressed vectors.
        .systemLibrary(name: "CZlib", path: "Tests/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .testTarget(name: "SecretsTests", dependencies: ["Secrets", "Manifests", "Digests", "CZlib"], resources: [.copy("Fixtures")]),
        .testTarget(name: "KubeTests", dependencies: ["Kube", "LocalCluster", "Manifests", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["GitOpsCLI", "Reconcile", "State", "Git", "Manifests", "Plan", "Kube", "Digests", "Secrets", "TestSupport"]),
    ]
)

import Manifests
import Testing
@testable import Policy

/// An object, a pattern (both YAML) and the outcome Kyverno gives.
struct PatternCase: CustomTestStringConvertible, Sendable {
    enum Expected: String, Sendable { case pass, skip, fail, error }
    var name: String
    var object: String
    var pattern: String
    var expected: Expected
    var testDescription: String { name }

    init(_ name: String, _ object: String, _ pattern: String, _ expected: Expected) {
        self.name = name
        self.object = object
        self.pattern = pattern
        self.expected = expected
    }
}

@Suite("PatternMatcher")
struct PatternMatcherTests {
    static let cases: [PatternCase] = [
        // Plain keys.
        PatternCase("a required key that is missing fails", "{spec: {}}", "{spec: {hostNetwork: false}}", .fail),
        PatternCase("a missing key matches a null pattern", "{spec: {}}", "{spec: {hostNetwork: null}}", .pass),
        PatternCase("a missing key fails '*'", "{metadata: {}}", "{metadata: {labels: '*'}}", .fail),
        PatternCase("a present key passes '*'", "{metadata: {labels: {a: b}}}", "{metadata: {labels: '*'}}", .pass),
        PatternCase("a map pattern needs a map", "{spec: [1]}", "{spec: {a: 1}}", .fail),
        PatternCase("keys the pattern leaves out are ignored", "{spec: {a: 1, b: 2}}", "{spec: {a: 1}}", .pass),
        // Lists: every element against the pattern's first element.
        PatternCase("every element must match", "{c: [{image: 'a:1'}, {image: b}]}", "{c: [{image: '*:*'}]}", .fail),
        PatternCase("all elements match", "{c: [{image: 'a:1'}, {image: 'b:2'}]}", "{c: [{image: '*:*'}]}", .pass),
        PatternCase("an empty list matches", "{c: []}", "{c: [{image: '*:*'}]}", .pass),
        PatternCase("a scalar list pattern applies to each element", "{args: [a, b]}", "{args: ['?']}", .pass),
        PatternCase("a scalar list pattern fails one element", "{args: [a, bb]}", "{args: ['?']}", .fail),
        PatternCase("a scalar pattern applies to each element of a list value", "{ports: [80, 443]}", "{ports: '<1024'}", .pass),
        // Equality anchor: if present, must match.
        PatternCase("=() absent passes", "{spec: {}}", "{spec: {=(hostPID): false}}", .pass),
        PatternCase("=() present and matching passes", "{spec: {hostPID: false}}", "{spec: {=(hostPID): 'false'}}", .pass),
        PatternCase("=() present and different fails", "{spec: {hostPID: true}}", "{spec: {=(hostPID): 'false'}}", .fail),
        PatternCase("=() on a list checks every element", "{spec: {initContainers: [{securityContext: {privileged: true}}]}}",
                    "{spec: {=(initContainers): [{=(securityContext): {=(privileged): 'false'}}]}}", .fail),
        // Negation anchor: must not exist, a hard failure.
        PatternCase("X() absent passes", "{spec: {volumes: [{name: a, emptyDir: {}}]}}", "{spec: {=(volumes): [{X(hostPath): 'null'}]}}", .pass),
        PatternCase("X() present fails", "{spec: {volumes: [{name: a, hostPath: {path: /}}]}}", "{spec: {=(volumes): [{X(hostPath): 'null'}]}}", .fail),
        PatternCase("X() null value is still present", "{spec: {hostPath: null}}", "{spec: {X(hostPath): 'null'}}", .fail),
        // Conditional anchor: if it holds, the siblings apply; else skip.
        PatternCase("() that holds applies the siblings", "{spec: {type: NodePort, ports: [{nodePort: 80}]}}",
                    "{spec: {(type): NodePort, ports: [{nodePort: '>30000'}]}}", .fail),
        PatternCase("() that does not hold skips", "{spec: {type: ClusterIP, ports: [{port: 80}]}}",
                    "{spec: {(type): NodePort, ports: [{nodePort: '>30000'}]}}", .skip),
        PatternCase("() on a missing field skips", "{spec: {ports: [{port: 80}]}}",
                    "{spec: {(type): NodePort, ports: [{nodePort: '>30000'}]}}", .skip),
        PatternCase("() skips even where another anchor fails", "{spec: {hostIPC: true}}",
                    "{spec: {(hostNetwork): true, =(hostIPC): false}}", .skip),
        PatternCase("() in list elements skips the elements it does not hold for",
                    "{c: [{name: a, image: 'x:latest'}, {name: b, image: 'y:1'}]}",
                    "{c: [{(name): b, image: '!*:latest'}]}", .pass),
        PatternCase("() in every list element not holding skips the list",
                    "{c: [{name: a, image: 'x:latest'}]}", "{c: [{(name): b, image: '!*:latest'}]}", .skip),
        PatternCase("() holding in a list element with a failing sibling fails",
                    "{c: [{name: b, image: 'x:latest'}]}", "{c: [{(name): b, image: '!*:latest'}]}", .fail),
        // Existence anchor: at least one element matches.
        PatternCase("^() with one matching element passes", "{c: [{image: a}, {image: 'nginx:1'}]}", "{^(c): [{image: 'nginx:*'}]}", .pass),
        PatternCase("^() with none matching fails", "{c: [{image: a}]}", "{^(c): [{image: 'nginx:*'}]}", .fail),
        PatternCase("^() on a missing list passes", "{d: 1}", "{^(c): [{image: 'nginx:*'}]}", .pass),
        PatternCase("^() on a non-list fails", "{c: {image: a}}", "{^(c): [{image: 'nginx:*'}]}", .fail),
        // Global anchor: if it does not hold, the whole rule is skipped.
        PatternCase("<() that holds applies", "{spec: {containers: [{image: 'corp.io/a', pullPolicy: Never}]}}",
                    "{spec: {containers: [{<(image): 'corp.io/*', pullPolicy: Always}]}}", .fail),
        PatternCase("<() that does not hold skips", "{spec: {containers: [{image: 'docker.io/a', pullPolicy: Never}]}}",
                    "{spec: {containers: [{<(image): 'corp.io/*', pullPolicy: Always}]}}", .skip),
        // +() is a plain key when validating.
        PatternCase("+() is read as a literal key", "{metadata: {labels: {a: b}}}", "{metadata: {+(labels): {a: b}}}", .fail),
        // Wildcards in metadata keys.
        PatternCase("a wildcard label key takes the object's matching key", "{metadata: {labels: {app.kubernetes.io/name: web}}}",
                    "{metadata: {labels: {app.kubernetes.io/*: '?*'}}}", .pass),
        PatternCase("a wildcard annotation key under X() fails when one matches",
                    "{metadata: {annotations: {fluxcd.io/automated: 'true'}}}", "{metadata: {=(annotations): {X(fluxcd.io/*): '*?'}}}", .fail),
        PatternCase("a wildcard annotation key under X() passes when none matches",
                    "{metadata: {annotations: {other: 'true'}}}", "{metadata: {=(annotations): {X(fluxcd.io/*): '*?'}}}", .pass),
        PatternCase("a wildcard key with no match stays literal and fails", "{metadata: {labels: {a: b}}}",
                    "{metadata: {labels: {team-*: '?*'}}}", .fail),
        // A mismatch alongside an anchored key the object lacks is Kyverno's error.
        PatternCase("a failure with a missing existence key elsewhere is an error",
                    "{spec: {a: 1}}", "{spec: {a: 2, ^(c): [{x: 1}]}}", .error),
        PatternCase("a conditional anchor is checked before a plain sibling fails",
                    "{spec: {a: 1, c: {}}}", "{spec: {a: 2, c: {(x): 1}}}", .skip),
        // Numbers against quantities and bools against strings.
        PatternCase("a number matches a quantity pattern", "{resources: {limits: {cpu: 2}}}", "{resources: {limits: {cpu: '<=2000m'}}}", .pass),
        PatternCase("a quantity string matches a number pattern", "{replicas: '3'}", "{replicas: 3}", .pass),
        PatternCase("a bool matches its string pattern", "{readOnly: true}", "{readOnly: 'true'}", .pass),
        PatternCase("a string does not match a bool pattern", "{readOnly: 'true'}", "{readOnly: true}", .fail),
    ]

    @Test("walks object and pattern as Kyverno's MatchPattern does", arguments: cases)
    func match(_ item: PatternCase) {
        let outcome = PatternMatcher.match(yaml(item.object), yaml(item.pattern))
        let kind: PatternCase.Expected
        switch outcome {
        case .pass: kind = .pass
        case .skip: kind = .skip
        case .fail: kind = .fail
        case .error: kind = .error
        }
        #expect(kind == item.expected, "\(outcome)")
    }

    @Test("names the path of a failure")
    func failurePath() {
        let outcome = PatternMatcher.match(yaml("{spec: {containers: [{image: ok}, {image: 'x:latest'}]}}"),
                                           yaml("{spec: {containers: [{image: '!*:latest'}]}}"))
        #expect(outcome == .fail(path: "/spec/containers/1/image/", message: "resource value does not match '!*:latest' at path /spec/containers/1/image/"))
    }
}

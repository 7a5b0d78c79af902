import Manifests
import Testing
@testable import Plan

@Suite("SecretMask")
struct SecretMaskTests {
    static func secret(_ data: String) throws -> Node {
        try object("apiVersion: v1\nkind: Secret\nmetadata: {name: db}\ndata: \(data)\n")
    }

    @Test("gives equal values one mask and a changed value a longer one, per key")
    func masks() throws {
        let (desired, live) = SecretMask.hide(
            desired: try Self.secret("{user: YWRtaW4=, password: bmV3, token: dA==}"),
            live: try Self.secret("{user: YWRtaW4=, password: b2xk, old: eA==}")
        )
        #expect(desired?["data"] == (try object("{user: '++++++++', password: '++++++++', token: '++++++++'}")))
        #expect(live?["data"] == (try object("{user: '++++++++', password: '++++++++++++', old: '++++++++'}")))
    }

    @Test("no value of the Secret is left in either side")
    func noValues() throws {
        let (desired, live) = SecretMask.hide(desired: try Self.secret("{a: c2VjcmV0}"), live: try Self.secret("{a: b3RoZXI=}"))
        let printed = try YAMLEmitter.stream([desired, live].compactMap { $0 })
        #expect(!printed.contains("c2VjcmV0") && !printed.contains("b3RoZXI="))
    }

    @Test("masks a Secret that exists on one side only")
    func oneSide() throws {
        let (desired, live) = SecretMask.hide(desired: nil, live: try Self.secret("{a: c2VjcmV0, b: null}"))
        #expect(desired == nil)
        #expect(live?["data"] == (try object("{a: '++++++++', b: '++++++++'}")))
    }

    @Test("leaves objects that are not Secrets alone")
    func configMap() throws {
        let map = try object("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n")
        let (desired, live) = SecretMask.hide(desired: map, live: map)
        #expect(desired == map && live == map)
    }
}

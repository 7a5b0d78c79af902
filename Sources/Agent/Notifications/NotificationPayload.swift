import Digests
import Foundation
import Manifests
import Reconcile

/// The request a provider receives for an event, built as Flux's
/// notification-controller builds it for the same provider type.
package struct NotificationPayload: Sendable, Equatable {
    package var url: String
    package var headers: [String: String]
    package var body: [UInt8]

    /// The request for `event` to `provider`; `nil` when the provider skips it.
    /// `address` and `secret` are the provider's, read from its file or variable.
    package static func make(_ event: AgentEvent, provider: NotificationProvider, address: String?, secret: [UInt8]?,
                             repository: String, instance: String) -> NotificationPayload? {
        switch provider.kind {
        case .generic, .genericHMAC:
            guard let address else { return nil }
            let body = Array(((try? JSON.serialize(fluxEvent(event, repository: repository, instance: instance))) ?? "{}").utf8)
            var headers = ["Content-Type": "application/json", "Gotk-Component": "git-ops-agent"]
            if provider.kind == .genericHMAC, let secret, let mac = SHA256.hmac(key: secret, message: body) {
                headers["X-Signature"] = "sha256=" + SHA256.hex(mac)
            }
            return NotificationPayload(url: address, headers: headers, body: body)
        case .slack:
            guard let address else { return nil }
            var attachment = Mapping([
                "fallback": .string(event.message),
                "color": .string(event.severity == "error" ? "danger" : "good"),
                "author_name": .string("environment/\(event.environment).\(repository)"),
                "text": .string(event.message),
                "mrkdwn_in": .sequence([.string("text")]),
            ])
            attachment["fields"] = .sequence(facts(event).map { .mapping(Mapping(["title": .string($0.0), "value": .string($0.1), "short": .bool(false)])) })
            var message = Mapping(["username": .string("git-ops"), "attachments": .sequence([.mapping(attachment)])])
            if let channel = provider.channel { message["channel"] = .string(channel) }
            return NotificationPayload(url: address, headers: ["Content-Type": "application/json"],
                                       body: Array(((try? JSON.serialize(.mapping(message))) ?? "{}").utf8))
        case .msteams:
            guard let address else { return nil }
            let factSet = Node.mapping(Mapping([
                "type": .string("FactSet"),
                "facts": .sequence(facts(event).map { .mapping(Mapping(["title": .string($0.0), "value": .string($0.1)])) }),
            ]))
            let card = Mapping([
                "$schema": .string("http://adaptivecards.io/schemas/adaptive-card.json"),
                "type": .string("AdaptiveCard"), "version": .string("1.4"),
                "body": .sequence([
                    .mapping(Mapping(["type": .string("TextBlock"), "text": .string("environment/\(event.environment).\(repository)"),
                                      "weight": .string("bolder"), "color": .string(event.severity == "error" ? "attention" : "good")])),
                    .mapping(Mapping(["type": .string("TextBlock"), "text": .string(event.message), "wrap": .bool(true)])),
                    factSet,
                ]),
            ])
            let message = Mapping(["type": .string("message"), "attachments": .sequence([.mapping(Mapping([
                "contentType": .string("application/vnd.microsoft.card.adaptive"), "content": .mapping(card),
            ]))])])
            return NotificationPayload(url: address, headers: ["Content-Type": "application/json"],
                                       body: Array(((try? JSON.serialize(.mapping(message))) ?? "{}").utf8))
        case .github:
            // A commit status needs the commit, and Flux skips progress events.
            guard let commit = event.commit, let repository = provider.repository, event.reason != "Progressing", let secret else { return nil }
            let base = (address ?? "https://api.github.com").trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            let status = Mapping([
                "state": .string(event.severity == "error" ? "failure" : "success"),
                "context": .string("git-ops/\(event.environment)"),
                "description": .string(String(event.reasonWords.prefix(140))),
            ])
            return NotificationPayload(url: "\(base)/repos/\(repository)/statuses/\(commit)",
                                       headers: ["Content-Type": "application/json", "Accept": "application/vnd.github+json",
                                                 "Authorization": "Bearer " + String(decoding: secret, as: UTF8.self)],
                                       body: Array(((try? JSON.serialize(.mapping(status))) ?? "{}").utf8))
        }
    }

    /// Flux's event JSON (the `generic` body).
    static func fluxEvent(_ event: AgentEvent, repository: String, instance: String) -> Node {
        var metadata = Mapping()
        if let revision = event.revision { metadata["revision"] = .string(revision) }
        return .mapping(Mapping([
            "involvedObject": .mapping(Mapping([
                "apiVersion": .string("git-ops/v1"), "kind": .string("Environment"),
                "name": .string(event.environment), "namespace": .string(repository),
            ])),
            "metadata": .mapping(metadata),
            "severity": .string(event.severity),
            "reason": .string(event.reason),
            "message": .string(event.message),
            "reportingController": .string("git-ops-agent"),
            "reportingInstance": .string(instance),
            "timestamp": .string(ISO8601DateFormatter().string(from: event.time)),
        ]))
    }

    static func facts(_ event: AgentEvent) -> [(String, String)] {
        var facts = [("reason", event.reason)]
        if let revision = event.revision { facts.append(("revision", revision)) }
        return facts
    }
}

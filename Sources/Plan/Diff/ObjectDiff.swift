import Manifests

/// The difference between a live object and what it would become: both
/// sides normalised (`DiffNormalization`), Secret values masked
/// (`SecretMask`), printed as YAML by `YAMLEmitter`, which writes keys in
/// sorted order, so two objects with the same fields print the same text
/// whatever order their fields came in.
///
/// The predicted side is the server's dry-run result of the desired object
/// when there is one (an update), and the desired object itself otherwise
/// (a creation, where the server cannot yet say, as in Argo CD). A side is
/// `nil` when there is no object: nothing live for a creation, nothing
/// desired for a prune.
package struct ObjectDiff: Sendable, Equatable {
    /// The object the two sides are of.
    package var key: ObjectKey
    /// The live object as printed for the diff; `nil` when there is none.
    package var live: String?
    /// The predicted object as printed for the diff; `nil` when there is none.
    package var predicted: String?

    /// A diff of two texts already printed.
    package init(key: ObjectKey, live: String?, predicted: String?) {
        self.key = key
        self.live = live
        self.predicted = predicted
    }

    /// The diff of `live` against `predicted`, keyed `key`. Throws when an
    /// object cannot be printed (it passes the printer's size limit).
    package init(key: ObjectKey, live: Node?, predicted: Node?) throws {
        let (maskedPredicted, maskedLive) = SecretMask.hide(
            desired: predicted.map(DiffNormalization.normalize),
            live: live.map(DiffNormalization.normalize)
        )
        self.init(
            key: key,
            live: try maskedLive.map(YAMLEmitter.document),
            predicted: try maskedPredicted.map(YAMLEmitter.document)
        )
    }

    /// True when applying would change the object (or create or delete it).
    /// Masks stand for values one to one within a key, so masked texts
    /// differ exactly when the values do.
    package var hasChanges: Bool { live != predicted }

    /// The unified diff, `--- live/Kind/namespace/name` to
    /// `+++ desired/Kind/namespace/name` (`/dev/null` for a missing side);
    /// empty when nothing changes.
    package func unified(context: Int = 3) -> String {
        UnifiedDiff.render(
            old: live ?? "",
            new: predicted ?? "",
            oldLabel: live == nil ? "/dev/null" : "live/\(key)",
            newLabel: predicted == nil ? "/dev/null" : "desired/\(key)",
            context: context
        )
    }
}

import Manifests

/// kstatus's rule for CustomResourceDefinitions (`CRDConditions`).
///
/// A CRD whose names clash with another (`NamesAccepted=False`) or that
/// will not be established (`Established=False` for a reason other than
/// `Installing`) has failed, with the condition's own reason and message.
/// `Established=True` means its objects are served: current. Anything else
/// is still installing. The conditions are read in order and the first that
/// decides wins.
enum CustomResourceDefinitionHealth {
    static func compute(_ object: Node) -> Health {
        for condition in Condition.all(in: object) {
            if condition.type == "NamesAccepted", condition.status == "False" {
                return .failed(condition.reason, condition.message)
            }
            guard condition.type == "Established" else { continue }
            if condition.status == "False", condition.reason != "Installing" {
                return .failed(condition.reason, condition.message)
            }
            if condition.status == "True" { return .current("CRD is established") }
        }
        return .inProgress("Installing", "Install in progress")
    }
}

import AccordCore
import Hummingbird

/// The alignment spec the server runs with, as JSON.
struct SpecController {
    let spec: Spec

    func add(to group: RouterGroup<BasicRequestContext>) {
        group.get("spec") { _, _ in try JSON.response(spec) }
    }
}

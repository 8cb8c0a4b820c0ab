import AccordApp
import AccordCore
import Hummingbird

/// The alignment spec the server runs with, as JSON.
struct SpecController {
    let spec: Spec

    func add(to routes: GuardedRoutes) {
        routes.get("/api/v1/spec", .allowed(.readClientData)) { _, _ in try JSON.response(spec) }
    }
}

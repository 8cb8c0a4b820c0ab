import AccordCore
import AccordStore

extension SaveDesk {
    /// Every decided renewal case followed up at 3, 6 and 12 months, grouped by reason and by concession.
    public func results(asOf: Day) async throws -> ConcessionResults {
        let saves = try await store.saveCases(SaveCaseQuery(kind: .renewal, limit: 100_000))
        var movements: [MRRMovement] = []
        for account in Set(saves.map(\.account)).sorted() {
            movements += try await store.account(id: account)?.movements ?? []
        }
        return ConcessionResults.measure(saves, policy: spec.concessions, movements: movements, asOf: asOf)
    }
}

public import AccordCore
import Crypto
import Foundation

extension ProgramDesk {
    /// The four artifacts as of `asOf`, their facts gathered once from the store and the running spec.
    public func artifacts(asOf: Day, now: Instant) async throws -> [Artifact] {
        Artifact.all(try await artifactInputs(asOf: asOf, now: now, kinds: Set(Artifact.Kind.allCases)))
    }

    /// One artifact, reading only what it shows.
    public func artifact(_ kind: Artifact.Kind, asOf: Day, now: Instant) async throws -> Artifact {
        Artifact.build(kind, try await artifactInputs(asOf: asOf, now: now, kinds: [kind]))
    }

    func artifactInputs(asOf: Day, now: Instant, kinds: Set<Artifact.Kind>) async throws -> ArtifactInputs {
        var inputs = ArtifactInputs(spec: spec, fingerprint: try fingerprint(), asOf: asOf)
        let reports = HandoffReportDesk(spec: spec, store: store)
        if kinds.contains(.outcomeModel) {
            inputs.outcomeVersions = try await store.outcomeModelVersions()
            inputs.validation = try await reports.outcomeValidation(asOf: asOf)
        }
        if kinds.contains(.handoffSLAs) {
            let quarter = ArtifactInputs.lastQuarter(before: asOf)
            inputs.sla = try await reports.sla(from: quarter.from, to: quarter.to)
        }
        if kinds.contains(.dataDictionary) {
            inputs.volumes = try await store.eventVolumes(recentFrom: Instant(day: asOf.adding(days: -29)))
            inputs.sources = try await store.programEvidence(since: asOf).sources
        }
        if kinds.contains(.dashboardSpec) { inputs.dashboard = try await DashboardDesk(spec: spec, store: store).dashboard(asOf: asOf, now: now).1 }
        if kinds.contains(.dataDictionary) || kinds.contains(.dashboardSpec) { inputs.proposals = try await store.specProposals() }
        return inputs
    }

    /// The first twelve hex digits of the running spec's SHA-256, as every artifact names it.
    public func fingerprint() throws -> String {
        let data = try APIJSON.encoder.encode(spec)
        return SHA256.hash(data: data).prefix(6).map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
    }
}

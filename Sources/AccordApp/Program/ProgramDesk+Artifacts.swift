public import AccordCore
import Crypto
import Foundation

extension ProgramDesk {
    /// The four artifacts as of `asOf`, gathered once from the store and the running spec.
    public func artifacts(asOf: Day, now: Instant) async throws -> [Artifact] {
        Artifact.all(try await artifactInputs(asOf: asOf, now: now))
    }

    public func artifact(_ kind: Artifact.Kind, asOf: Day, now: Instant) async throws -> Artifact {
        Artifact.build(kind, try await artifactInputs(asOf: asOf, now: now, dashboard: kind == .dashboardSpec))
    }

    func artifactInputs(asOf: Day, now: Instant, dashboard: Bool = true) async throws -> ArtifactInputs {
        var inputs = ArtifactInputs(spec: spec, fingerprint: try fingerprint(), asOf: asOf)
        inputs.outcomeVersions = try await store.outcomeModelVersions()
        let reports = HandoffReportDesk(spec: spec, store: store)
        inputs.validation = try await reports.outcomeValidation(asOf: asOf)
        let quarter = ArtifactInputs.lastQuarter(before: asOf)
        inputs.sla = try await reports.sla(from: quarter.from, to: quarter.to)
        inputs.volumes = try await store.eventVolumes(recentFrom: Instant(day: asOf.adding(days: -29)))
        inputs.sources = try await store.programEvidence(since: asOf).sources
        if dashboard { inputs.dashboard = try await DashboardDesk(spec: spec, store: store).dashboard(asOf: asOf, now: now).1 }
        inputs.proposals = try await store.specProposals()
        return inputs
    }

    /// The first twelve hex digits of the running spec's SHA-256, as every artifact names it.
    public func fingerprint() throws -> String {
        let data = try APIJSON.encoder.encode(spec)
        return SHA256.hash(data: data).prefix(6).map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
    }
}

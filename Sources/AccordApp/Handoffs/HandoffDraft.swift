import AccordCore

extension HandoffDesk {
    /// A handoff's payload to start from for a client: every field of the payload with a
    /// placeholder, and what the client record already knows filled in (the marketing context:
    /// content consumed, original buying motivation, acquisition source), so the sender adds
    /// what only they know instead of retyping what the systems hold.
    public struct Draft: Sendable, Encodable {
        public var handoff: String
        public var account: String
        public var payload: JSONValue
        /// The payload fields filled from the client record.
        public var prefilled: [String]
    }

    public func draft(handoff id: String, account: String) async throws -> Draft {
        let definition = try definition(id)
        guard let accountID = try await store.currentAccountID(account), let detail = try await store.account(id: accountID) else {
            throw Failure.notFound("no account with id '\(account)'")
        }
        var payload = definition.payload.mapValues(Self.placeholder)
        let known = (detail.marketing ?? MarketingContext.of(detail.account, touches: detail.touches)).prefill(definition.payload)
        payload.merge(known) { _, filled in filled }
        return Draft(handoff: definition.id, account: accountID, payload: .object(payload), prefilled: known.keys.sorted())
    }

    /// A value of the schema's shape for a person to replace.
    public static func placeholder(_ schema: PropertySchema) -> JSONValue {
        switch schema.type {
        case .string: return .string(schema.enumValues?.first ?? (schema.required ? "…" : ""))
        case .number, .integer: return .number(schema.minimum ?? 0)
        case .boolean: return .bool(true)
        case .array: return .array(schema.items.map { [placeholder($0.value)] } ?? [])
        case .object: return .object((schema.properties ?? [:]).mapValues(placeholder))
        }
    }
}

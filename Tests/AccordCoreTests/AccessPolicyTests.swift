import AccordCore
import Testing

@Suite("Access policy")
struct AccessPolicyTests {
    let spec = SpecTemplate.defaultSpec
    var policy: AccessPolicy { AccessPolicy(spec: spec) }

    func person(_ id: String) -> Principal { .person(spec.person(id)!) }

    @Test("handoffs: the sending function submits, only the receiving function decides, viewers do neither")
    func handoffs() throws {
        let close = try #require(spec.handoffs.first { $0.id == "close_to_onboarding" })
        #expect(close.from.function == "sales" && close.to.function == "cs")
        #expect(policy.allows(person("jade.morel"), .submitHandoff(close.id)))
        #expect(!policy.allows(person("jade.morel"), .decideHandoff(close.id)))
        #expect(policy.allows(person("noah.adeyemi"), .decideHandoff(close.id)))
        #expect(!policy.allows(person("noah.adeyemi"), .submitHandoff(close.id)))
        var viewer = person("noah.adeyemi")
        viewer.role = .viewer
        #expect(!policy.allows(viewer, .decideHandoff(close.id)))
        #expect(!policy.allows(person("jade.morel"), .submitHandoff("no_such_handoff")))
        let integration = Principal(kind: .token, id: "tok_x", name: "sync", role: .revops, function: nil, personID: nil)
        #expect(!policy.allows(integration, .submitHandoff(close.id)), "an integration token acts for no function")
    }

    @Test("only a function's leader signs the outcome model for that function")
    func signatures() {
        #expect(policy.allows(person("grace.kim"), .signOutcomeModel(function: "cs")))
        #expect(!policy.allows(person("grace.kim"), .signOutcomeModel(function: "sales")))
        #expect(!policy.allows(person("noah.adeyemi"), .signOutcomeModel(function: "cs")))
        let leaderToken = Principal(kind: .token, id: "tok_y", name: "x", role: .leader, function: "cs", personID: nil)
        #expect(!policy.allows(leaderToken, .signOutcomeModel(function: "cs")), "a signature needs a person")
    }

    @Test("revops and IT manage sources and the spec, admin manages people and tokens, everyone reads")
    func administration() {
        for role in Person.Role.allCases {
            let principal = Principal(kind: .token, id: "t", name: "t", role: role, function: nil, personID: nil)
            #expect(policy.allows(principal, .readClientData))
            #expect(policy.allows(principal, .manageSources) == [.revops, .itPartner].contains(role))
            #expect(policy.allows(principal, .manageSpec) == [.revops, .itPartner].contains(role))
            #expect(policy.allows(principal, .managePeople) == (role == .admin))
            #expect(policy.allows(principal, .manageTokens) == (role == .admin))
        }
    }

    @Test("own_book_only limits the listed roles to the accounts they own")
    func books() {
        var limited = spec
        limited.access.ownBookOnly = [.csManager]
        let policy = AccessPolicy(spec: limited)
        let noah = person("noah.adeyemi")
        let book = policy.book(of: noah)
        #expect(book == Book(owner: .cs, personID: "noah.adeyemi"))
        #expect(policy.book(of: person("grace.kim")) == nil)
        let mine = Account(
            id: "a", name: "A", domain: nil, segment: "smb", acquisitionSource: .sales, cohort: nil, lifecycleStage: .retention, licensedSeats: 1,
            ownerCS: "noah.adeyemi", createdOn: Day(0))
        var theirs = mine
        theirs.ownerCS = "elena.rossi"
        #expect(book?.contains(mine) == true && book?.contains(theirs) == false)
    }
}

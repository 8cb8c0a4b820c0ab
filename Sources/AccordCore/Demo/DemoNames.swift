/// Word lists for believable company and person names.
enum DemoNames {
    static let companyStems = [
        "Acme", "Northwind", "Bluefin", "Cedar", "Granite", "Harbor", "Juniper", "Keystone", "Lumen", "Meridian",
        "Nimbus", "Oakridge", "Pioneer", "Quarry", "Redwood", "Summit", "Tidewater", "Upland", "Vantage", "Willow",
        "Zenith", "Aurora", "Beacon", "Cobalt", "Driftwood", "Ember", "Falcon", "Glacier", "Horizon", "Ironwood",
        "Kestrel", "Larch", "Maple", "Northstar", "Orchard", "Prairie", "Riverbend", "Sable", "Timber", "Vertex",
        "Bramble", "Copper", "Delta", "Evergreen", "Foxglove", "Goldcrest", "Hawthorn", "Indigo", "Jasper", "Kinetic",
    ]
    static let companyWords = [
        "Health", "Logistics", "Retail", "Foods", "Manufacturing", "Staffing", "Hospitality", "Energy", "Builders",
        "Financial", "Labs", "Systems", "Partners", "Group", "Services", "Motors", "Clinics", "Schools", "Media", "Dynamics",
    ]
    static let legalSuffixes = ["Inc", "LLC", "Ltd", "GmbH", "Corp", "SA", "BV", "PLC", "Co"]
    static let industries = [
        "Healthcare", "Logistics", "Retail", "Manufacturing", "Hospitality", "Financial services", "Education",
        "Staffing", "Energy", "Media",
    ]
    static let countries = ["US", "US", "US", "GB", "DE", "FR", "NL", "CA", "AU", "ES"]
    static let firstNames = [
        "Ada", "Ben", "Carla", "Dmitri", "Eva", "Farah", "Gabriel", "Hana", "Ivan", "Julia", "Kofi", "Lena", "Marco",
        "Nadia", "Omar", "Paula", "Quentin", "Rosa", "Sven", "Tara", "Uma", "Victor", "Wen", "Ximena", "Yusuf", "Zoe",
        "Aiko", "Bruno", "Chloe", "Diego", "Elif", "Finn",
    ]
    static let lastNames = [
        "Andersen", "Baptiste", "Costa", "Dubois", "Evans", "Fernandez", "Garcia", "Hughes", "Ito", "Jensen", "Kowalski",
        "Lindqvist", "Mensah", "Nakamura", "Olsen", "Petrov", "Quinn", "Reyes", "Schmidt", "Tanaka", "Usman", "Varga",
        "Walsh", "Xu", "Yilmaz", "Zhang", "Moreau", "Novak", "Oyelaran", "Park",
    ]
    static let titles: [StakeholderRole: [String]] = [
        .executiveSponsor: ["Chief People Officer", "VP Operations", "CHRO", "COO"],
        .technicalOwner: ["HRIS Manager", "IT Director", "Systems Lead", "Head of IT"],
        .champion: ["HR Operations Manager", "Talent Lead", "Payroll Manager"],
        .user: ["HR Generalist", "Recruiter", "Coordinator", "Analyst"],
    ]
    static let milestones = ["first payroll run", "first scheduling cycle", "first hiring pipeline", "first report shared"]
    static let businessOutcomes = [
        "time-to-hire cut by a third", "overtime cost down 12%", "onboarding paperwork eliminated",
        "scheduling errors halved", "turnover in first 90 days reduced", "audit prepared in a day instead of a week",
    ]
}

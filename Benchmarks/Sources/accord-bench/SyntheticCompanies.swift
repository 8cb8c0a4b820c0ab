import AccordCore
import Foundation

/// Synthetic companies drawn so that many share a blocking key (the same first letters in the same
/// country), and one in twelve is another one's company again with its name spelt differently:
/// what a CRM's account table looks like to identity resolution. The same seed gives the same rows.
enum SyntheticCompanies {
    struct Company {
        var row: Int
        var id: String
        var name: String
        var domain: String
        var seats: UInt64
        var industry: String
        var country: String
        var owner: String
    }

    static func generate(_ rows: Int, _ body: (Company) -> Void) {
        var random = SeededRandom(seed: 17)
        let first = [
            "North", "Blue", "Bright", "Cedar", "Summit", "Harbor", "Iron", "Silver", "Pine", "Granite", "Maple", "River", "Stone", "Oak",
            "Aurora", "Delta", "Nova", "Atlas", "Vertex", "Apex",
        ]
        let second = ["wind", "field", "bridge", "point", "gate", "stone", "wave", "light", "ridge", "works", "vale", "crest", "forge", "line"]
        let third = [
            "Logistics", "Analytics", "Foods", "Health", "Software", "Energy", "Capital", "Media", "Robotics", "Labs", "Retail", "Systems",
            "Networks", "Partners", "Studios", "Freight", "Bank", "Pharma", "Motors", "Cloud",
        ]
        let suffixes = ["Inc.", "Ltd", "GmbH", "LLC", "Corp", "S.A.", "", ""]
        let countries = ["US", "US", "US", "US", "GB", "DE", "FR", "CA", "AU", "NL"]
        let industries = ["Software", "Retail", "Healthcare", "Manufacturing", "Finance", "Media"]
        var companies: [(name: String, domain: String, country: String)] = []
        for row in 0..<rows {
            let company: (name: String, domain: String, country: String)
            if row > 100, random.next() % 12 == 0 {
                // The same company again, as another team typed it.
                let original = companies[Int(random.next() % UInt64(companies.count))]
                company = (original.name.uppercased().replacingOccurrences(of: " INC.", with: ", Incorporated"), original.domain, original.country)
            } else {
                let a = first[Int(random.next() % UInt64(first.count))]
                let b = second[Int(random.next() % UInt64(second.count))]
                let c = third[Int(random.next() % UInt64(third.count))]
                let number = random.next() % 1000
                let suffix = suffixes[Int(random.next() % UInt64(suffixes.count))]
                let name = "\(a)\(b) \(c) \(number)" + (suffix.isEmpty ? "" : " \(suffix)")
                company = (name, "\(a)\(b)-\(c)-\(number)-\(row)".lowercased() + ".example", countries[Int(random.next() % UInt64(countries.count))])
                companies.append(company)
            }
            let id = String(format: "0015g%013d", row)
            let seats = 5 + random.next() % 5000
            body(
                Company(
                    row: row, id: id, name: company.name, domain: company.domain, seats: seats, industry: industries[row % industries.count],
                    country: company.country, owner: "rep\(row % 40)"))
        }
    }
}

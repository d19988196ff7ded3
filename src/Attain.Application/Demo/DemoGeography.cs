namespace Attain.Application.Demo;

/// <summary>A real city with its country, state or province, approximate centre and postal code pattern.</summary>
/// <param name="PostalPattern"><c>#</c> is a digit, <c>A</c> an upper-case letter, anything else is literal.</param>
/// <param name="Weight">Relative share of the region's accounts.</param>
internal sealed record DemoCity(string Name, string Country, string State, double Latitude, double Longitude, string PostalPattern, int Weight)
{
    /// <summary>The currency deals in this city are priced in.</summary>
    public string Currency => Country switch
    {
        "GB" => "GBP",
        "IE" or "DE" or "FR" or "NL" or "ES" or "IT" or "BE" or "AT" or "FI" => "EUR",
        _ => "USD",
    };
}

/// <summary>A sales region of the demo company and the cities its accounts are in.</summary>
internal sealed record DemoRegion(string ExternalId, string Name, string Code, int AccountShare, IReadOnlyList<DemoCity> Cities, NameStock Names);

/// <summary>First and last names that fit a region, so people and contacts look local.</summary>
internal sealed record NameStock(IReadOnlyList<string> FirstNames, IReadOnlyList<string> LastNames);

internal static class DemoGeography
{
    private static readonly NameStock NorthAmerica = new(
        ["James", "Mary", "Robert", "Patricia", "Michael", "Jennifer", "David", "Linda", "Daniel", "Sarah", "Matthew", "Emily",
         "Andrew", "Jessica", "Joshua", "Ashley", "Ryan", "Megan", "Kevin", "Lauren", "Brian", "Rachel", "Tyler", "Hannah",
         "Marcus", "Olivia", "Carlos", "Sofia", "Jamal", "Grace", "Ethan", "Chloe", "Nathan", "Natalie", "Luis", "Maya"],
        ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Wilson",
         "Anderson", "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark",
         "Lewis", "Walker", "Hall", "Young", "Allen", "King", "Wright", "Scott", "Nguyen", "Hill", "Green", "Baker",
         "Campbell", "Mitchell", "Roberts", "Carter", "Phillips", "Evans", "Turner", "Parker", "Collins", "Reyes"]);

    private static readonly NameStock Europe = new(
        ["Oliver", "Amelia", "George", "Isla", "Harry", "Ava", "Jack", "Freya", "Lukas", "Lena", "Felix", "Anna", "Jonas",
         "Marie", "Louis", "Camille", "Hugo", "Chloé", "Lucas", "Léa", "Daan", "Emma", "Sem", "Julia", "Pablo", "Lucía",
         "Javier", "Elena", "Marco", "Giulia", "Seán", "Aoife", "Matteo", "Sara", "Niamh", "Finn"],
        ["Smith", "Jones", "Taylor", "Brown", "Evans", "Walsh", "Murphy", "O'Brien", "Müller", "Schmidt", "Schneider",
         "Fischer", "Weber", "Wagner", "Becker", "Martin", "Bernard", "Dubois", "Lefebvre", "Moreau", "Laurent", "de Jong",
         "Jansen", "de Vries", "van Dijk", "Bakker", "García", "Fernández", "López", "Martínez", "Rossi", "Russo",
         "Bianchi", "Romano", "Virtanen", "Korhonen", "Peeters", "Huber", "Gruber", "Kelly"]);

    private static readonly NameStock AsiaPacific = new(
        ["Hiroshi", "Yuki", "Kenji", "Sakura", "Takumi", "Aiko", "Wei", "Mei", "Jun", "Li", "Arjun", "Priya", "Rahul",
         "Ananya", "Vikram", "Divya", "Min-jun", "Ji-woo", "Seo-yeon", "Jack", "Charlotte", "William", "Olivia", "Noah",
         "Isla", "Lachlan", "Ruby", "Aroha", "Tane", "Mia"],
        ["Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Nakamura", "Tan", "Lim", "Ng", "Wong", "Chen", "Sharma",
         "Patel", "Iyer", "Reddy", "Nair", "Gupta", "Kim", "Lee", "Park", "Choi", "Smith", "Wilson", "Thompson", "Walker",
         "Kelly", "Ngata", "Mitchell", "Campbell"]);

    /// <summary>The four regions, in the order their teams and directors are numbered.</summary>
    public static readonly IReadOnlyList<DemoRegion> Regions =
    [
        new("REG-NAE", "North America East", "NAE", 30,
        [
            new("New York", "US", "New York", 40.7128, -74.0060, "100##", 10),
            new("Boston", "US", "Massachusetts", 42.3601, -71.0589, "021##", 6),
            new("Philadelphia", "US", "Pennsylvania", 39.9526, -75.1652, "191##", 4),
            new("Washington", "US", "District of Columbia", 38.9072, -77.0369, "200##", 4),
            new("Atlanta", "US", "Georgia", 33.7490, -84.3880, "303##", 5),
            new("Miami", "US", "Florida", 25.7617, -80.1918, "331##", 3),
            new("Charlotte", "US", "North Carolina", 35.2271, -80.8431, "282##", 3),
            new("Raleigh", "US", "North Carolina", 35.7796, -78.6382, "276##", 2),
            new("Pittsburgh", "US", "Pennsylvania", 40.4406, -79.9959, "152##", 2),
            new("Chicago", "US", "Illinois", 41.8781, -87.6298, "606##", 7),
            new("Detroit", "US", "Michigan", 42.3314, -83.0458, "482##", 2),
            new("Columbus", "US", "Ohio", 39.9612, -82.9988, "432##", 2),
            new("Toronto", "CA", "Ontario", 43.6532, -79.3832, "M#A #A#", 5),
            new("Montreal", "CA", "Quebec", 45.5017, -73.5673, "H#A #A#", 3),
        ],
        NorthAmerica),
        new("REG-NAW", "North America West", "NAW", 27,
        [
            new("San Francisco", "US", "California", 37.7749, -122.4194, "941##", 8),
            new("San Jose", "US", "California", 37.3382, -121.8863, "951##", 4),
            new("Los Angeles", "US", "California", 34.0522, -118.2437, "900##", 7),
            new("San Diego", "US", "California", 32.7157, -117.1611, "921##", 3),
            new("Seattle", "US", "Washington", 47.6062, -122.3321, "981##", 5),
            new("Portland", "US", "Oregon", 45.5152, -122.6784, "972##", 2),
            new("Denver", "US", "Colorado", 39.7392, -104.9903, "802##", 3),
            new("Phoenix", "US", "Arizona", 33.4484, -112.0740, "850##", 3),
            new("Salt Lake City", "US", "Utah", 40.7608, -111.8910, "841##", 2),
            new("Austin", "US", "Texas", 30.2672, -97.7431, "787##", 4),
            new("Dallas", "US", "Texas", 32.7767, -96.7970, "752##", 4),
            new("Houston", "US", "Texas", 29.7604, -95.3698, "770##", 4),
            new("Vancouver", "CA", "British Columbia", 49.2827, -123.1207, "V#A #A#", 3),
            new("Calgary", "CA", "Alberta", 51.0447, -114.0719, "T#A #A#", 2),
        ],
        NorthAmerica),
        new("REG-EMEA", "EMEA", "EMEA", 27,
        [
            new("London", "GB", "England", 51.5074, -0.1278, "EC#A #AA", 10),
            new("Manchester", "GB", "England", 53.4808, -2.2426, "M# #AA", 3),
            new("Birmingham", "GB", "England", 52.4862, -1.8904, "B# #AA", 2),
            new("Edinburgh", "GB", "Scotland", 55.9533, -3.1883, "EH# #AA", 2),
            new("Dublin", "IE", "Leinster", 53.3498, -6.2603, "D0# A###", 3),
            new("Berlin", "DE", "Berlin", 52.5200, 13.4050, "10###", 4),
            new("Munich", "DE", "Bavaria", 48.1351, 11.5820, "80###", 4),
            new("Hamburg", "DE", "Hamburg", 53.5511, 9.9937, "20###", 3),
            new("Frankfurt", "DE", "Hesse", 50.1109, 8.6821, "60###", 3),
            new("Paris", "FR", "Île-de-France", 48.8566, 2.3522, "750##", 6),
            new("Lyon", "FR", "Auvergne-Rhône-Alpes", 45.7640, 4.8357, "6900#", 2),
            new("Amsterdam", "NL", "North Holland", 52.3676, 4.9041, "10## AA", 4),
            new("Rotterdam", "NL", "South Holland", 51.9244, 4.4777, "30## AA", 2),
            new("Madrid", "ES", "Community of Madrid", 40.4168, -3.7038, "280##", 3),
            new("Barcelona", "ES", "Catalonia", 41.3874, 2.1686, "080##", 3),
            new("Milan", "IT", "Lombardy", 45.4642, 9.1900, "201##", 3),
            new("Brussels", "BE", "Brussels-Capital", 50.8503, 4.3517, "10#0", 2),
            new("Vienna", "AT", "Vienna", 48.2082, 16.3738, "1##0", 2),
            new("Helsinki", "FI", "Uusimaa", 60.1699, 24.9384, "00###", 1),
        ],
        Europe),
        new("REG-APAC", "APAC", "APAC", 16,
        [
            new("Sydney", "AU", "New South Wales", -33.8688, 151.2093, "20##", 6),
            new("Melbourne", "AU", "Victoria", -37.8136, 144.9631, "30##", 4),
            new("Brisbane", "AU", "Queensland", -27.4698, 153.0251, "40##", 2),
            new("Auckland", "NZ", "Auckland", -36.8485, 174.7633, "10##", 2),
            new("Singapore", "SG", "Singapore", 1.3521, 103.8198, "0#####", 5),
            new("Tokyo", "JP", "Tokyo", 35.6762, 139.6503, "1##-####", 6),
            new("Osaka", "JP", "Osaka", 34.6937, 135.5023, "5##-####", 2),
            new("Bengaluru", "IN", "Karnataka", 12.9716, 77.5946, "560###", 4),
            new("Mumbai", "IN", "Maharashtra", 19.0760, 72.8777, "400###", 3),
            new("Seoul", "KR", "Seoul", 37.5665, 126.9780, "0####", 3),
        ],
        AsiaPacific),
    ];

    /// <summary>Industries with a typical annual revenue per employee (USD), which ties revenue to head count.</summary>
    public static readonly IReadOnlyList<(string Name, decimal RevenuePerEmployee, string[] Suffixes)> Industries =
    [
        ("Software", 230_000m, ["Software", "Labs", "Systems"]),
        ("Financial Services", 320_000m, ["Capital", "Financial", "Bank"]),
        ("Healthcare", 140_000m, ["Health", "Medical", "Care"]),
        ("Manufacturing", 210_000m, ["Industries", "Manufacturing", "Works"]),
        ("Retail", 110_000m, ["Retail", "Stores", "Brands"]),
        ("Logistics", 160_000m, ["Logistics", "Freight", "Transport"]),
        ("Energy", 450_000m, ["Energy", "Power", "Resources"]),
        ("Media", 180_000m, ["Media", "Studios", "Publishing"]),
        ("Telecommunications", 350_000m, ["Telecom", "Networks", "Communications"]),
        ("Professional Services", 150_000m, ["Consulting", "Partners", "Advisory"]),
        ("Education", 90_000m, ["Learning", "Academy", "Education"]),
        ("Insurance", 300_000m, ["Insurance", "Assurance", "Mutual"]),
    ];

    public static readonly IReadOnlyList<string> NamePrefixes =
    [
        "Blue Harbor", "Summit", "Northstar", "Ironwood", "Clearwater", "Redstone", "Silverline", "Granite", "Evergreen",
        "Pinnacle", "Brightpath", "Cedar", "Crescent", "Falcon", "Horizon", "Keystone", "Lakeshore", "Meridian", "Oakridge",
        "Pioneer", "Quantum", "Riverbend", "Sterling", "Trident", "Unity", "Vanguard", "Westfield", "Atlas", "Beacon",
        "Cobalt", "Delta", "Ember", "Frontier", "Golden Gate", "Harborview", "Insight", "Juniper", "Kestrel", "Lighthouse",
        "Maple", "Nimbus", "Orion", "Prairie", "Radiant", "Sapphire", "Tidewater", "Upland", "Vertex", "Willow", "Zenith",
        "Aspen", "Bluebird", "Copperleaf", "Driftwood", "Eastgate", "Foxglove", "Greystone", "Highland", "Ivory", "Jadeport",
    ];
}

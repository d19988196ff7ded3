using Attain.Application.Accounts;
using Attain.Application.Activities;
using Attain.Application.Bookings;
using Attain.Application.Calendar;
using Attain.Application.Currencies;
using Attain.Application.Opportunities;
using Attain.Application.Organisation;
using Attain.Application.Products;
using Attain.Application.Quotas;
using Attain.Engine.Periods;

namespace Attain.Application.Demo;

/// <summary>
/// Builds the demo company from a seed and an as-of date. Pure: no clock, no I/O; the same options give identical rows
/// (every draw comes from one <see cref="Random"/> seeded with <see cref="DemoOptions.Seed"/>, taken in a fixed order).
/// </summary>
public static class DemoCompanyGenerator
{
    public const int FiscalYearStartMonth = 2;

    /// <summary>Fiscal Q4 months sell more, quarter-end months most (used for opportunity creation).</summary>
    private const double Q4Boost = 1.25;

    /// <summary>How many months before the window opportunities may be created (only those closing inside it are kept).</summary>
    public const int LeadInMonths = 8;

    public static DemoCompany Generate(DemoOptions options) => new Builder(options).Build();

    internal static List<CurrencyRecord> NewCurrencies() =>
    [
        new CurrencyRecord { Code = "USD", Name = "US Dollar", MinorUnits = 2 },
        new CurrencyRecord { Code = "EUR", Name = "Euro", MinorUnits = 2 },
        new CurrencyRecord { Code = "GBP", Name = "Pound Sterling", MinorUnits = 2 },
    ];

    /// <summary>Win rates before rep skill: smaller deals are won more often.</summary>
    internal static double BaseWinRate(Segment segment) => segment switch
    {
        Segment.Smb => 0.34,
        Segment.MidMarket => 0.26,
        _ => 0.18,
    };

    private sealed record OrderLine(ProductSpec Product, decimal Quantity, decimal ListAmount, decimal Amount);

    private sealed class Rep(Person person, int region, int team, double skill, DateOnly firstSellingDay)
    {
        public Person Person { get; } = person;
        public int Region { get; } = region;
        public int Team { get; } = team;
        public double Skill { get; } = skill;
        public DateOnly FirstSellingDay { get; } = firstSellingDay;
        public List<Account> Accounts { get; } = [];
    }

    private sealed class Builder(DemoOptions options)
    {
        private static readonly string[] StageNames = ["Prospecting", "Qualification", "Discovery", "Proposal", "Negotiation"];
        private const string ClosedWon = "Closed Won";
        private const string ClosedLost = "Closed Lost";

        private static readonly IReadOnlyList<ProductSpec> ProductSpecs = DemoCatalog.Products;

        private static readonly (string Name, double Weight)[] Sources =
            [("Outbound", 35), ("Inbound", 30), ("Partner", 15), ("Event", 10), ("Referral", 10)];

        private static readonly string[] EmailSubjects = ["introduction", "follow-up", "pricing question", "next steps", "meeting recap", "case study"];
        private static readonly string[] CallSubjects = ["check-in", "qualification", "budget and timeline", "stakeholder map", "objection handling"];
        private static readonly string[] MeetingSubjects = ["requirements workshop", "business case review", "executive sponsor", "security review", "commercial terms"];
        private static readonly string[] DemoSubjects = ["forecasting", "dashboards", "data connectors", "governance", "full platform"];

        private static readonly string[] WinReasons = ["Best product fit", "Strong champion", "Price and value", "Existing relationship", "Faster time to value"];
        private static readonly string[] LossReasons = ["Lost to competitor", "No decision", "Budget cut", "Timing", "Built in-house"];

        /// <summary>Approximate UTC offsets of each region's business hours (activities are stamped 08:00–18:00 local).</summary>
        private static readonly int[] RegionUtcOffsetHours = [-5, -8, 1, 9];

        private readonly DemoRandom random = new(options.Seed);
        private readonly FiscalCalendar calendar = new(FiscalYearStartMonth);
        private readonly DateOnly asOf = options.AsOf;
        private readonly DateOnly start = options.AsOf.AddMonths(-24).AddDays(1);

        /// <summary>Opportunities open from here so that deals already close steadily in the window's first month.</summary>
        private readonly DateOnly leadIn = options.AsOf.AddMonths(-24 - LeadInMonths).AddDays(1);
        private readonly HashSet<string> emails = new(StringComparer.Ordinal);
        private readonly List<Person> people = [];
        private readonly List<ReportingLine> lines = [];
        private readonly List<TeamMembership> memberships = [];
        private readonly List<Rep> reps = [];
        private readonly Dictionary<(string Currency, int Month), decimal> usdPer = [];
        private readonly List<FxRate> fxRates = [];
        private readonly List<Opportunity> opportunities = [];
        private readonly List<OpportunityStageChange> stageChanges = [];
        private readonly List<Activity> activities = [];
        private readonly List<Booking> bookings = [];
        private readonly List<Quota> quotas = [];

        public DemoCompany Build()
        {
            var regions = DemoGeography.Regions
                .Select((r, i) => new Region { Id = i + 1, ExternalId = r.ExternalId, Name = r.Name })
                .ToList();
            var teams = new List<Team>();
            BuildPeople(regions, teams);
            BuildFxRates();
            var accounts = BuildAccounts();
            var families = DemoCatalog.NewProductFamilies();
            var products = DemoCatalog.NewProducts();
            var stages = StageNames
                .Select((name, i) => new StageDefinition { Name = name, Order = i + 1, Probability = new[] { 0.10m, 0.20m, 0.40m, 0.60m, 0.80m }[i] })
                .Append(new StageDefinition { Name = ClosedWon, Order = 6, Probability = 1m, IsClosed = true, IsWon = true })
                .Append(new StageDefinition { Name = ClosedLost, Order = 7, Probability = 0m, IsClosed = true })
                .ToList();

            foreach (var rep in reps)
            {
                BuildOpportunities(rep);
            }

            BuildReversals();
            BuildQuotas();

            return new DemoCompany
            {
                Options = options,
                Settings = new OrganisationSettings
                {
                    Name = DemoCompany.Name,
                    FiscalYearStartMonth = FiscalYearStartMonth,
                    BaseCurrency = "USD",
                    TimeZone = DemoCompany.TimeZone,
                },
                Currencies = NewCurrencies(),
                FxRates = fxRates,
                People = people,
                Regions = regions,
                Teams = teams,
                ReportingLines = lines,
                TeamMemberships = memberships,
                Accounts = accounts,
                ProductFamilies = families,
                Products = products,
                Stages = stages,
                Opportunities = opportunities,
                StageChanges = stageChanges,
                Activities = activities,
                Bookings = bookings,
                Quotas = quotas,
                Plans = DemoPlans.Records(asOf.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)),
                PlanAssignments = BuildPlanAssignments(teams),
            };
        }

        // ---- People, teams, hierarchy ----

        private void BuildPeople(List<Region> regions, List<Team> teams)
        {
            var longAgo = start.AddYears(-3);
            var revOps = AddPerson(DemoCompany.Ids.HeadOfRevenueOperations, "Dana", "Whitfield", "Head of Revenue Operations", "USD", "CC-REVOPS", longAgo, null);
            AddPerson(DemoCompany.Ids.CompensationAnalyst, "Priya", "Raman", "Compensation Analyst", "USD", "CC-REVOPS", longAgo.AddMonths(7), revOps);
            AddPerson(DemoCompany.Ids.SalesOperationsAnalyst, "Tom", "Becker", "Sales Operations Analyst", "USD", "CC-REVOPS", longAgo.AddMonths(11), revOps);
            AddPerson(DemoCompany.Ids.FinanceController, "Elena", "Novak", "Finance Controller", "USD", "CC-FINANCE", longAgo.AddMonths(2), null);
            var vp = AddPerson(DemoCompany.Ids.VicePresident, "Morgan", "Hale", "VP of Sales", "USD", "CC-SALES", longAgo.AddMonths(-6), null);

            (string First, string Last, string Currency)[] directors =
                [("Rachel", "Kim", "USD"), ("Diego", "Alvarez", "USD"), ("Sophie", "Laurent", "EUR"), ("Kenji", "Watanabe", "USD")];
            (string First, string Last, string Currency)[] managers =
            [
                ("Marcus", "Reed", "USD"), ("Hannah", "Cole", "USD"), ("Ethan", "Brooks", "USD"), ("Natalie", "Park", "USD"),
                ("Oliver", "Grant", "GBP"), ("Lena", "Fischer", "EUR"), ("Arjun", "Mehta", "USD"), ("Charlotte", "Nguyen", "USD"),
            ];
            int[] teamSizes = [8, 7, 8, 7, 8, 7, 8, 7];

            var directorIds = new long[4];
            for (var r = 0; r < 4; r++)
            {
                var (first, last, currency) = directors[r];
                var code = DemoGeography.Regions[r].Code;
                directorIds[r] = AddPerson($"EMP-{11 + r:0000}", first, last, $"Regional Director, {regions[r].Name}", currency, $"CC-SALES-{code}",
                    longAgo.AddMonths(random.Between(0, 18)), vp);
            }

            var managerIds = new long[8];
            for (var t = 0; t < 8; t++)
            {
                var region = t / 2;
                var (first, last, currency) = managers[t];
                var teamName = $"{regions[region].Name} {(t % 2) + 1}";
                managerIds[t] = AddPerson($"EMP-{21 + t:0000}", first, last, $"Sales Manager, {teamName}", currency,
                    $"CC-SALES-{DemoGeography.Regions[region].Code}", start.AddMonths(-random.Between(12, 40)), directorIds[region]);
                teams.Add(new Team
                {
                    Id = t + 1,
                    ExternalId = $"TEAM-{DemoGeography.Regions[region].Code}-{(t % 2) + 1}",
                    Name = teamName,
                    RegionId = regions[region].Id,
                    LeaderId = managerIds[t],
                });
            }

            var lastFullYear = calendar.Previous(calendar.YearOf(asOf));
            var midYearHireDate = lastFullYear.Start.AddMonths(6);
            var switchDate = new DateOnly(asOf.Year, asOf.Month, 1).AddMonths(-9);
            var number = 101;
            for (var t = 0; t < 8; t++)
            {
                var region = t / 2;
                var stock = DemoGeography.Regions[region].Names;
                for (var i = 0; i < teamSizes[t]; i++, number++)
                {
                    var externalId = $"EMP-{number:0000}";
                    var isHire = externalId == DemoCompany.Ids.MidYearHire;
                    var hired = isHire ? midYearHireDate : start.AddDays(-random.Between(30, 1_500));
                    var currency = region == 2 ? (random.Chance(0.4) ? "GBP" : "EUR") : "USD";
                    var seniority = random.NextDouble();
                    var title = seniority < 0.55 ? "Account Executive" : seniority < 0.85 ? "Senior Account Executive" : "Enterprise Account Executive";
                    var first = random.Pick(stock.FirstNames);
                    var last = random.Pick(stock.LastNames);
                    var isChanger = externalId == DemoCompany.Ids.TeamChanger;
                    var personId = AddPerson(externalId, first, last, title, currency, $"CC-SALES-{DemoGeography.Regions[region].Code}", hired,
                        managerIds[t], addLine: !isChanger);
                    if (isChanger)
                    {
                        lines.Add(new ReportingLine { Id = lines.Count + 1, PersonId = personId, ManagerId = managerIds[t], EffectiveFrom = hired, EffectiveTo = switchDate.AddDays(-1) });
                        lines.Add(new ReportingLine { Id = lines.Count + 1, PersonId = personId, ManagerId = managerIds[t + 1], EffectiveFrom = switchDate });
                        memberships.Add(new TeamMembership { Id = memberships.Count + 1, PersonId = personId, TeamId = t + 1, EffectiveFrom = hired, EffectiveTo = switchDate.AddDays(-1) });
                        memberships.Add(new TeamMembership { Id = memberships.Count + 1, PersonId = personId, TeamId = t + 2, EffectiveFrom = switchDate });
                    }
                    else
                    {
                        memberships.Add(new TeamMembership { Id = memberships.Count + 1, PersonId = personId, TeamId = t + 1, EffectiveFrom = hired });
                    }

                    var skill = Math.Clamp(random.Normal(1.0, 0.25), 0.55, 1.5);
                    var firstSellingDay = Max(hired.AddDays(14), leadIn);
                    reps.Add(new Rep(people[^1], region, t, skill, firstSellingDay));
                }
            }
        }

        private long AddPerson(string externalId, string first, string last, string title, string currency, string costCentre,
            DateOnly hired, long? managerId, bool addLine = true)
        {
            var id = people.Count + 1L;
            var local = $"{Ascii(first)}.{Ascii(last)}";
            var email = $"{local}@{DemoCompany.EmailDomain}";
            for (var n = 2; !emails.Add(email); n++)
            {
                email = $"{local}{n}@{DemoCompany.EmailDomain}";
            }

            people.Add(new Person
            {
                Id = id,
                ExternalId = externalId,
                EmployeeNumber = $"N{externalId[4..]}",
                FirstName = first,
                LastName = last,
                Email = email,
                Title = title,
                HireDate = hired,
                PayCurrency = currency,
                CostCentre = costCentre,
            });
            if (addLine)
            {
                lines.Add(new ReportingLine { Id = lines.Count + 1, PersonId = id, ManagerId = managerId, EffectiveFrom = hired });
            }

            return id;
        }

        private static string Ascii(string name)
        {
            var chars = new List<char>(name.Length);
            foreach (var c in name.ToLowerInvariant())
            {
                var folded = c switch
                {
                    'é' or 'è' or 'ê' => 'e',
                    'á' or 'à' or 'â' => 'a',
                    'í' or 'î' => 'i',
                    'ó' or 'ô' => 'o',
                    'ú' or 'ü' => 'u',
                    'ñ' => 'n',
                    _ => c,
                };
                if (char.IsAsciiLetterLower(folded))
                {
                    chars.Add(folded);
                }
            }

            return new string([.. chars]);
        }

        // ---- Currencies ----

        private void BuildFxRates()
        {
            var eur = 1.08;
            var gbp = 1.27;
            var first = new DateOnly(leadIn.Year, leadIn.Month, 1);
            for (var month = first; month <= asOf; month = month.AddMonths(1))
            {
                eur *= 1 + random.Normal(0, 0.012);
                gbp *= 1 + random.Normal(0, 0.011);
                var eurRate = Math.Round((decimal)eur, 4, MidpointRounding.AwayFromZero);
                var gbpRate = Math.Round((decimal)gbp, 4, MidpointRounding.AwayFromZero);
                fxRates.Add(new FxRate { Id = fxRates.Count + 1, FromCurrency = "EUR", ToCurrency = "USD", Date = month, Rate = eurRate });
                fxRates.Add(new FxRate { Id = fxRates.Count + 1, FromCurrency = "GBP", ToCurrency = "USD", Date = month, Rate = gbpRate });
                usdPer[("EUR", MonthKey(month))] = eurRate;
                usdPer[("GBP", MonthKey(month))] = gbpRate;
            }
        }

        private static int MonthKey(DateOnly date) => (date.Year * 12) + date.Month;

        private decimal InCurrency(decimal usd, string currency, DateOnly date) =>
            currency == "USD" ? usd : Money2(usd / usdPer[(currency, MonthKey(date))]);

        private static decimal Money2(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

        // ---- Accounts ----

        private List<Account> BuildAccounts()
        {
            const int total = 3_000;
            var accounts = new List<Account>(total);
            var names = new HashSet<string>(StringComparer.Ordinal);
            var regionCount = DemoGeography.Regions.Count;
            for (var r = 0; r < regionCount; r++)
            {
                var region = DemoGeography.Regions[r];
                var count = total * region.AccountShare / 100;
                var weights = region.Cities.Select(c => (double)c.Weight).ToList();
                var regionReps = reps.Where(x => x.Region == r).ToList();
                for (var i = 0; i < count; i++)
                {
                    var city = region.Cities[random.PickWeighted(weights)];
                    var segmentDraw = random.NextDouble();
                    var employees = segmentDraw < 0.55
                        ? (int)Math.Exp(random.Uniform(Math.Log(10), Math.Log(199)))
                        : segmentDraw < 0.87
                            ? (int)Math.Exp(random.Uniform(Math.Log(200), Math.Log(1_999)))
                            : (int)Math.Exp(random.Uniform(Math.Log(2_000), Math.Log(60_000)));
                    var industry = random.Pick(DemoGeography.Industries);
                    var revenueUsd = employees * industry.RevenuePerEmployee * (decimal)Math.Exp(random.Normal(0, 0.3));
                    var revenue = Math.Round(InCurrency(revenueUsd, city.Currency, asOf) / 1_000m, 0, MidpointRounding.AwayFromZero) * 1_000m;
                    string name;
                    do
                    {
                        name = $"{random.Pick(DemoGeography.NamePrefixes)} {random.Pick(industry.Suffixes)}";
                        if (names.Contains(name))
                        {
                            name = $"{name} {city.Name}";
                        }
                    }
                    while (!names.Add(name));

                    var owner = regionReps[random.Next(regionReps.Count)];
                    var account = new Account
                    {
                        Id = accounts.Count + 1,
                        ExternalId = $"ACC-{accounts.Count + 1:00000}",
                        Name = name,
                        Industry = industry.Name,
                        Employees = employees,
                        AnnualRevenue = revenue,
                        RevenueCurrency = city.Currency,
                        Country = city.Country,
                        Region = city.State,
                        City = city.Name,
                        PostalCode = random.FromPattern(city.PostalPattern),
                        Latitude = Math.Round(city.Latitude + random.Uniform(-0.08, 0.08), 5, MidpointRounding.AwayFromZero),
                        Longitude = Math.Round(city.Longitude + random.Uniform(-0.1, 0.1), 5, MidpointRounding.AwayFromZero),
                        OwnerId = owner.Person.Id,
                    };
                    accounts.Add(account);
                    owner.Accounts.Add(account);
                }
            }

            return accounts;
        }

        // ---- Opportunities, stage history, activities, bookings ----

        private void BuildOpportunities(Rep rep)
        {
            for (var month = new DateOnly(rep.FirstSellingDay.Year, rep.FirstSellingDay.Month, 1); month <= asOf; month = month.AddMonths(1))
            {
                var fiscalMonth = calendar.MonthOf(month).Number;
                var factor = (fiscalMonth >= 10 ? Q4Boost : 1.0) * (fiscalMonth % 3 == 0 ? 1.1 : 1.0);
                var count = random.Poisson(1.55 * factor);
                for (var i = 0; i < count; i++)
                {
                    var created = Weekday(month.AddDays(random.Between(0, DateTime.DaysInMonth(month.Year, month.Month) - 1)));
                    if (created < rep.FirstSellingDay || created > asOf)
                    {
                        continue;
                    }

                    BuildOpportunity(rep, created);
                }
            }
        }

        private void BuildOpportunity(Rep rep, DateOnly created)
        {
            var account = rep.Accounts[random.Next(rep.Accounts.Count)];
            var segment = Segments.Of(account.Employees!.Value);
            var cycle = segment switch
            {
                Segment.Smb => random.Between(25, 60),
                Segment.MidMarket => random.Between(45, 110),
                _ => random.Between(90, 200),
            };
            var close = created.AddDays(cycle);

            // Reps aim deals at the quarter end: many close dates land in its last twelve days.
            var quarterEnd = calendar.QuarterOf(close).End;
            if (random.Chance(0.4) && quarterEnd.AddDays(-11) > close)
            {
                close = quarterEnd.AddDays(-random.Between(0, 11));
            }

            // Year-end pull-in: deals due early in fiscal Q1 are pushed hard to close in Q4 instead.
            var quarter = calendar.QuarterOf(close);
            if (quarter.Number == 1 && close.DayNumber - quarter.Start.DayNumber < 45 && random.Chance(0.35))
            {
                var yearEnd = quarter.Start.AddDays(-1 - random.Between(0, 11));
                close = yearEnd > created.AddDays(14) ? yearEnd : close;
            }

            // Pushes happen when a close date arrives without a decision; only those that have happened count.
            var plannedPushes = random.Chance(segment == Segment.Enterprise ? 0.35 : 0.22) ? random.Between(1, 3) : 0;
            var pushes = 0;
            while (pushes < plannedPushes && close <= asOf)
            {
                close = close.AddDays(random.Between(14, 40));
                pushes++;
            }

            var inFiscalQ4 = calendar.QuarterOf(close).Number == 4;
            if (close < start)
            {
                return;
            }

            var winRate = BaseWinRate(segment) * rep.Skill * (pushes > 0 ? 0.8 : 1.0) * (inFiscalQ4 ? 1.2 : 1.0);
            var wins = random.Chance(Math.Clamp(winRate, 0.03, 0.85));
            var furthestStage = wins ? StageNames.Length - 1 : random.PickWeighted([0.28, 0.3, 0.2, 0.13, 0.09]);

            // Stage entry dates across the cycle; the close stage is entered on the close date.
            var span = close.DayNumber - created.DayNumber;
            double[][] fractions = [[0, 0], [0.08, 0.18], [0.25, 0.38], [0.45, 0.6], [0.7, 0.85]];
            var entered = new List<DateOnly>(StageNames.Length);
            for (var s = 0; s <= furthestStage; s++)
            {
                var date = created.AddDays((int)(span * random.Uniform(fractions[s][0], fractions[s][1])));
                if (s > 0 && date <= entered[^1])
                {
                    date = entered[^1].AddDays(1);
                }

                entered.Add(Min(date, close.AddDays(-1)));
            }

            var isClosed = close <= asOf;
            var opportunityId = opportunities.Count + 1L;
            var orderLines = OrderLines(segment, account.RevenueCurrency!, created, inFiscalQ4);
            var currentStage = 0;
            for (var s = 0; s < entered.Count && entered[s] <= asOf; s++)
            {
                currentStage = s;
                stageChanges.Add(new OpportunityStageChange
                {
                    Id = stageChanges.Count + 1,
                    OpportunityId = opportunityId,
                    FromStage = s == 0 ? null : StageNames[s - 1],
                    Stage = StageNames[s],
                    EnteredOn = entered[s],
                });
            }

            string stage;
            OpportunityStatus status;
            ForecastCategory category;
            string? closeReason = null;
            if (isClosed)
            {
                stage = wins ? ClosedWon : ClosedLost;
                status = wins ? OpportunityStatus.Won : OpportunityStatus.Lost;
                category = wins ? ForecastCategory.Closed : ForecastCategory.Omitted;
                closeReason = random.Pick(wins ? WinReasons : LossReasons);
                stageChanges.Add(new OpportunityStageChange
                {
                    Id = stageChanges.Count + 1,
                    OpportunityId = opportunityId,
                    FromStage = StageNames[furthestStage],
                    Stage = stage,
                    EnteredOn = close,
                });
            }
            else
            {
                stage = StageNames[currentStage];
                status = OpportunityStatus.Open;
                category = currentStage switch
                {
                    <= 1 => ForecastCategory.Pipeline,
                    <= 3 => ForecastCategory.BestCase,
                    _ => ForecastCategory.Commit,
                };
            }

            var platform = orderLines[0];
            opportunities.Add(new Opportunity
            {
                Id = opportunityId,
                ExternalId = $"OPP-{opportunityId:000000}",
                Name = $"{account.Name} - {platform.Product.Name} ({platform.Quantity:0} seats)",
                OwnerId = rep.Person.Id,
                AccountId = account.Id,
                Amount = orderLines.Sum(l => l.Amount),
                Currency = account.RevenueCurrency!,
                Stage = stage,
                ForecastCategory = category,
                CloseDate = close,
                CreatedDate = created,
                Source = Sources[random.PickWeighted(Sources.Select(s => s.Weight).ToList())].Name,
                Status = status,
                CloseReason = closeReason,
                CloseDatePushCount = pushes,
            });

            BuildActivities(rep, account, opportunityId, created, isClosed ? close : asOf, entered, segment, isClosed ? 1.0 : (double)(asOf.DayNumber - created.DayNumber + 1) / (span + 1));

            if (isClosed && wins)
            {
                foreach (var line in orderLines)
                {
                    var id = bookings.Count + 1L;
                    bookings.Add(new Booking
                    {
                        Id = id,
                        ExternalId = $"BKG-{id:000000}",
                        Kind = BookingKind.Order,
                        OwnerId = rep.Person.Id,
                        AccountId = account.Id,
                        OpportunityId = opportunityId,
                        ProductId = line.Product.Id,
                        Quantity = line.Quantity,
                        Amount = line.Amount,
                        Currency = account.RevenueCurrency!,
                        BookingDate = close,
                        Margin = Money2(line.Amount * line.Product.MarginRate),
                        ListAmount = line.ListAmount,
                    });
                }
            }
        }

        private List<OrderLine> OrderLines(Segment segment, string currency, DateOnly priced, bool inFiscalQ4)
        {
            var platform = segment switch
            {
                Segment.Smb => ProductSpecs[random.Chance(0.7) ? 0 : 1],
                Segment.MidMarket => ProductSpecs[random.PickWeighted([0.15, 0.7, 0.15])],
                _ => ProductSpecs[random.Chance(0.7) ? 2 : 1],
            };
            var seats = segment switch
            {
                Segment.Smb => random.Between(5, 40),
                Segment.MidMarket => random.Between(25, 200),
                _ => random.Between(150, 1_200),
            };
            if (inFiscalQ4)
            {
                seats = (int)(seats * 1.25);
            }

            var discount = segment switch
            {
                Segment.Smb => random.Uniform(0, 0.10),
                Segment.MidMarket => random.Uniform(0.05, 0.20),
                _ => random.Uniform(0.10, 0.32),
            } + (inFiscalQ4 ? 0.03 : 0);
            var large = segment != Segment.Smb;

            var result = new List<OrderLine>();
            void Add(ProductSpec product, int quantity)
            {
                var list = InCurrency(product.ListPrice, currency, priced) * quantity;
                result.Add(new OrderLine(product, quantity, list, Money2(list * (1m - (decimal)discount))));
            }

            Add(platform, seats);
            if (random.Chance(0.35))
            {
                Add(ProductSpecs[3], seats);
            }

            if (large && random.Chance(0.25))
            {
                Add(ProductSpecs[4], seats);
            }

            if (random.Chance(0.3))
            {
                Add(ProductSpecs[5], random.Between(1, 3));
            }

            if (random.Chance(0.55))
            {
                Add(ProductSpecs[6], segment switch
                {
                    Segment.Smb => random.Between(3, 8),
                    Segment.MidMarket => random.Between(8, 25),
                    _ => random.Between(20, 80),
                });
            }

            if (random.Chance(0.3))
            {
                Add(ProductSpecs[7], random.Between(1, 4));
            }

            if (random.Chance(large ? 0.45 : 0.1))
            {
                Add(ProductSpecs[8], 1);
            }

            return result;
        }

        private void BuildActivities(Rep rep, Account account, long opportunityId, DateOnly from, DateOnly to,
            List<DateOnly> entered, Segment segment, double elapsed)
        {
            var full = segment switch
            {
                Segment.Smb => random.Between(15, 24),
                Segment.MidMarket => random.Between(20, 32),
                _ => random.Between(28, 40),
            };
            var count = Math.Max(1, (int)Math.Ceiling(full * Math.Min(1.0, elapsed)));
            var stock = DemoGeography.Regions[rep.Region].Names;
            var contacts = Enumerable.Range(0, random.Between(1, 4))
                .Select(_ => $"{random.Pick(stock.FirstNames)} {random.Pick(stock.LastNames)}")
                .ToList();
            var days = to.DayNumber - from.DayNumber;
            var offset = RegionUtcOffsetHours[rep.Region];
            var dates = new List<DateOnly>(count);
            for (var i = 0; i < count; i++)
            {
                var date = from.AddDays(random.Between(0, days));
                dates.Add(Weekday(date) <= to ? Weekday(date) : date);
            }

            dates.Sort();
            foreach (var date in dates)
            {
                var stage = 0;
                while (stage + 1 < entered.Count && entered[stage + 1] <= date)
                {
                    stage++;
                }

                double[] weights = stage switch
                {
                    <= 1 => [45, 10, 45, 0],
                    <= 3 => [25, 20, 30, 25],
                    _ => [30, 30, 40, 0],
                };
                var type = (ActivityType)random.PickWeighted(weights);
                var (duration, outcome) = type switch
                {
                    ActivityType.Email => (5, random.Chance(0.7) ? ActivityOutcome.Completed : ActivityOutcome.FollowUp),
                    ActivityType.Call => random.PickWeighted([25, 35, 20, 15, 5]) switch
                    {
                        0 => (1, ActivityOutcome.NoAnswer),
                        1 => (random.Between(5, 45), ActivityOutcome.Completed),
                        2 => (random.Between(5, 30), ActivityOutcome.FollowUp),
                        3 => (random.Between(15, 45), ActivityOutcome.Positive),
                        _ => (random.Between(5, 20), ActivityOutcome.Negative),
                    },
                    _ => (type == ActivityType.Demo ? random.Pick([45, 60, 90]) : random.Pick([30, 45, 60]),
                        random.PickWeighted([40, 20, 35, 5]) switch
                        {
                            0 => ActivityOutcome.Completed,
                            1 => ActivityOutcome.FollowUp,
                            2 => ActivityOutcome.Positive,
                            _ => ActivityOutcome.Negative,
                        }),
                };
                var localMinutes = random.Between(8 * 60, (18 * 60) - 1);
                var occurredAt = new DateTime(date, new TimeOnly(localMinutes / 60, localMinutes % 60), DateTimeKind.Utc).AddHours(-offset);
                var id = activities.Count + 1L;
                activities.Add(new Activity
                {
                    Id = id,
                    ExternalId = $"ACT-{id:0000000}",
                    Type = type,
                    OwnerId = rep.Person.Id,
                    OccurredAt = occurredAt,
                    DurationMinutes = duration,
                    AccountId = account.Id,
                    OpportunityId = opportunityId,
                    ContactName = random.Pick(contacts),
                    Subject = Subject(type, StageNames[stage]),
                    Outcome = outcome,
                });
            }
        }

        private string Subject(ActivityType type, string stage) => type switch
        {
            ActivityType.Email => $"{stage}: {random.Pick(EmailSubjects)}",
            ActivityType.Call => $"{stage} call: {random.Pick(CallSubjects)}",
            ActivityType.Meeting => $"{stage} meeting: {random.Pick(MeetingSubjects)}",
            _ => $"Product demo: {random.Pick(DemoSubjects)}",
        };

        /// <summary>About 3 % of orders are later cancelled (in full) or returned (in full or in part).</summary>
        private void BuildReversals()
        {
            var orders = bookings.ToList();
            foreach (var order in orders)
            {
                if (!random.Chance(0.03))
                {
                    continue;
                }

                var date = order.BookingDate.AddDays(random.Between(5, 60));
                var kind = random.Chance(0.6) ? BookingKind.Cancellation : BookingKind.Return;
                if (date > asOf)
                {
                    continue;
                }

                var returned = kind == BookingKind.Return && order.Quantity > 1 ? random.Between(1, (int)order.Quantity) : order.Quantity;
                var share = returned / order.Quantity;
                var id = bookings.Count + 1L;
                bookings.Add(new Booking
                {
                    Id = id,
                    ExternalId = $"BKG-{id:000000}",
                    Kind = kind,
                    OwnerId = order.OwnerId,
                    AccountId = order.AccountId,
                    OpportunityId = order.OpportunityId,
                    ProductId = order.ProductId,
                    Quantity = -returned,
                    Amount = -Money2(order.Amount * share),
                    Currency = order.Currency,
                    BookingDate = date,
                    Margin = -Money2(order.Margin!.Value * share),
                    ListAmount = -Money2(order.ListAmount!.Value * share),
                    OriginalBookingId = order.Id,
                });
            }
        }

        // ---- Plan assignments ----

        private List<Compensation.PlanAssignmentRecord> BuildPlanAssignments(List<Team> teams)
        {
            var assignments = new List<Compensation.PlanAssignmentRecord>();
            foreach (var rep in reps)
            {
                assignments.Add(new Compensation.PlanAssignmentRecord
                {
                    Id = assignments.Count + 1,
                    PersonId = rep.Person.Id,
                    PlanKey = DemoPlans.AccountExecutive,
                    EffectiveFrom = Max(rep.Person.HireDate, start),
                    TargetIncentive = DemoPlans.AccountExecutiveTargetIncentive,
                    Basis = Compensation.TargetIncentiveBasis.Year,
                });
            }

            var personById = people.ToDictionary(p => p.Id);
            foreach (var leader in teams.Where(t => t.LeaderId is not null).Select(t => personById[t.LeaderId!.Value]).DistinctBy(p => p.Id))
            {
                assignments.Add(new Compensation.PlanAssignmentRecord
                {
                    Id = assignments.Count + 1,
                    PersonId = leader.Id,
                    PlanKey = DemoPlans.ManagerOverride,
                    EffectiveFrom = Max(leader.HireDate, start),
                });
            }

            return assignments;
        }

        // ---- Quotas ----

        /// <summary>
        /// A monthly quota for every rep from their first selling month to the end of the current fiscal year: the
        /// company's mean net bookings per selling rep and month, raised 10 % for the new year, ×1.25 in the fiscal
        /// fourth quarter, halved in a rep's first two months, scattered ±10 % per rep, rounded to 1,000 USD and set in
        /// the rep's pay currency. Every rep also gets each whole quarter's quota: the sum of its three months. Managers
        /// carry no quota of their own: a team's quota is the sum of its reps', so KPIs over any scope add up (a stored
        /// manager quota would count the same target twice). Uses its own seeded random so the rest of the company does
        /// not change with it.
        /// </summary>
        private void BuildQuotas()
        {
            var quotaRandom = new DemoRandom(options.Seed ^ 0x5170);
            var firstMonth = calendar.MonthOf(start);
            var lastMonth = calendar.MonthsOf(calendar.YearOf(asOf))[^1];
            var months = new List<Engine.Periods.Period>();
            for (var m = firstMonth; m.Start <= lastMonth.Start; m = calendar.Next(m))
            {
                months.Add(m);
            }

            var netUsd = bookings.Where(b => b.BookingDate >= start)
                .Sum(b => b.Currency == "USD" ? b.Amount : b.Amount * usdPer[(b.Currency, MonthKey(Min(b.BookingDate, asOf)))]);
            var repMonths = reps.Sum(r => months.Count(m => m.Start >= Max(r.FirstSellingDay, start) && m.End <= asOf));
            var baseline = repMonths == 0 ? 50_000m : netUsd / repMonths * 1.10m;

            var personById = people.ToDictionary(p => p.Id);
            var monthlyUsd = new Dictionary<(long Person, int Month), decimal>();
            foreach (var rep in reps)
            {
                var scatter = (decimal)quotaRandom.Uniform(0.9, 1.1);
                var firstSelling = calendar.MonthOf(rep.FirstSellingDay);
                for (var i = 0; i < months.Count; i++)
                {
                    var month = months[i];
                    if (month.End < firstSelling.Start)
                    {
                        continue;
                    }

                    var ramp = month.Start < firstSelling.Start.AddMonths(2) ? 0.5m : 1m;
                    var season = month.Number > 9 ? (decimal)Q4Boost : 1m;
                    var usd = Math.Round(baseline * scatter * ramp * season / 1000m, MidpointRounding.AwayFromZero) * 1000m;
                    monthlyUsd[(rep.Person.Id, i)] = usd;
                }
            }

            foreach (var ((personId, i), usd) in monthlyUsd.OrderBy(e => e.Key.Person).ThenBy(e => e.Key.Month))
            {
                var currency = personById[personId].PayCurrency;
                var month = months[i];
                var amount = currency == "USD"
                    ? usd
                    : Math.Round(usd / usdPer[(currency, MonthKey(Min(month.Start, asOf)))] / 1000m, MidpointRounding.AwayFromZero) * 1000m;
                quotas.Add(new Quota
                {
                    Id = quotas.Count + 1,
                    PersonId = personId,
                    Period = month.Key,
                    PeriodStart = month.Start,
                    PeriodEnd = month.End,
                    Amount = amount,
                    Currency = currency,
                });
            }

            var monthly = quotas.ToList();
            foreach (var person in monthly.GroupBy(q => q.PersonId))
            {
                foreach (var quarter in person.GroupBy(q => calendar.QuarterOf(q.PeriodStart)).Where(g => g.Count() == 3))
                {
                    quotas.Add(new Quota
                    {
                        Id = quotas.Count + 1,
                        PersonId = person.Key,
                        Period = quarter.Key.Key,
                        PeriodStart = quarter.Key.Start,
                        PeriodEnd = quarter.Key.End,
                        Amount = quarter.Sum(q => q.Amount),
                        Currency = quarter.First().Currency,
                    });
                }
            }
        }

        private static DateOnly Weekday(DateOnly date) => date.DayOfWeek switch
        {
            DayOfWeek.Saturday => date.AddDays(-1),
            DayOfWeek.Sunday => date.AddDays(1),
            _ => date,
        };

        private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

        private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
    }
}

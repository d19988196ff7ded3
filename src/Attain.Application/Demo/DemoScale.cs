using Attain.Application.Accounts;
using Attain.Application.Bookings;
using Attain.Application.Organisation;
using Attain.Application.Products;

namespace Attain.Application.Demo;

/// <summary>
/// Data at scale for load and query benchmarks: <see cref="Participants"/> people in a six-level hierarchy
/// (a CRO, four levels of managers with five reports each, then reps under the 625 first-line managers), <see cref="AccountCount"/> accounts,
/// the demo price list, and any number of bookings as a stream.
/// </summary>
/// <remarks>
/// Every sequence is lazy and replays identically for the same options: each has its own <see cref="Random"/>
/// seeded from <see cref="DemoOptions.Seed"/>, and rows depend only on their position, not on how many are asked for.
/// <see cref="Bookings"/> holds only a ring of recent orders (for cancellations and returns to refer to), so its
/// memory stays bounded whatever the count. Ids are set: people 1..n, accounts 1..m, bookings 1..count.
/// </remarks>
public sealed class DemoScale
{
    public const int DefaultParticipants = 10_000;
    public const int DefaultAccounts = 20_000;
    public const long DefaultBookings = 10_000_000;

    /// <summary>People per manager level: the CRO, then 5, 25, 125 and 625 managers (fan-out 5); reps report to the last level.</summary>
    private static readonly int[] ManagerLevels = [1, 5, 25, 125, 625];

    /// <summary>How many recent orders a reversal may refer to.</summary>
    private const int RecentOrders = 4_096;

    private readonly int managerCount = ManagerLevels.Sum();

    public DemoScale(DemoOptions options, int participants = DefaultParticipants, int accounts = DefaultAccounts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(participants, ManagerLevels.Sum() + 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(accounts, 1);
        Options = options;
        Participants = participants;
        AccountCount = accounts;
    }

    public DemoOptions Options { get; }

    public int Participants { get; }

    public int AccountCount { get; }

    /// <summary>The first booking date: 24 months before <see cref="DemoOptions.AsOf"/>, plus one day.</summary>
    public DateOnly Start => Options.AsOf.AddMonths(-24).AddDays(1);

    /// <summary>Ids of the reps, who own every booking: those after the managers.</summary>
    public long FirstRepId => managerCount + 1;

    public IEnumerable<Person> People()
    {
        var random = new DemoRandom(Seed(1));
        for (var id = 1L; id <= Participants; id++)
        {
            var region = DemoGeography.Regions[(int)(id % DemoGeography.Regions.Count)];
            var level = LevelOf(id);
            yield return new Person
            {
                Id = id,
                ExternalId = $"SP-{id:000000}",
                FirstName = random.Pick(region.Names.FirstNames),
                LastName = random.Pick(region.Names.LastNames),
                Email = $"p{id}@scale.{DemoCompany.EmailDomain}",
                Title = level switch
                {
                    0 => "Chief Revenue Officer",
                    1 => "Senior Vice President, Sales",
                    2 => "Vice President, Sales",
                    3 => "Regional Director",
                    4 => "Sales Manager",
                    _ => "Account Executive",
                },
                HireDate = Start.AddDays(-random.Between(30, 3_000)),
                PayCurrency = region.Code == "EMEA" ? "EUR" : "USD",
                CostCentre = $"CC-SALES-{region.Code}",
            };
        }
    }

    /// <summary>One line per person, from their hire date; the CRO has no manager.</summary>
    public IEnumerable<ReportingLine> ReportingLines(IEnumerable<Person> people)
    {
        foreach (var person in people)
        {
            yield return new ReportingLine { Id = person.Id, PersonId = person.Id, ManagerId = ManagerOf(person.Id), EffectiveFrom = person.HireDate };
        }
    }

    /// <summary>The manager of <paramref name="personId"/> in the hierarchy (null for the CRO).</summary>
    public long? ManagerOf(long personId)
    {
        // People are numbered level by level; the k-th person of a manager level reports to the (k / 5)-th of the
        // level above, and reps are spread round-robin over the last level of managers.
        var level = LevelOf(personId);
        if (level == 0)
        {
            return null;
        }

        var index = personId - LevelStart(level);
        return level < ManagerLevels.Length
            ? LevelStart(level - 1) + (index / 5)
            : LevelStart(level - 1) + (index % ManagerLevels[^1]);
    }

    public IEnumerable<Account> Accounts()
    {
        var random = new DemoRandom(Seed(2));
        for (var id = 1L; id <= AccountCount; id++)
        {
            var region = DemoGeography.Regions[random.Next(DemoGeography.Regions.Count)];
            var city = random.Pick(region.Cities);
            var industry = random.Pick(DemoGeography.Industries);
            var employees = (int)Math.Exp(random.Uniform(Math.Log(10), Math.Log(50_000)));
            yield return new Account
            {
                Id = id,
                ExternalId = $"SA-{id:0000000}",
                Name = $"{random.Pick(DemoGeography.NamePrefixes)} {random.Pick(industry.Suffixes)} {id}",
                Industry = industry.Name,
                Employees = employees,
                AnnualRevenue = Math.Round(employees * industry.RevenuePerEmployee / 1_000m, 0, MidpointRounding.AwayFromZero) * 1_000m,
                RevenueCurrency = CurrencyOf(id),
                Country = city.Country,
                Region = city.State,
                City = city.Name,
                PostalCode = random.FromPattern(city.PostalPattern),
                Latitude = Math.Round(city.Latitude + random.Uniform(-0.08, 0.08), 5, MidpointRounding.AwayFromZero),
                Longitude = Math.Round(city.Longitude + random.Uniform(-0.1, 0.1), 5, MidpointRounding.AwayFromZero),
                OwnerId = FirstRepId + random.Next(Participants - managerCount),
            };
        }
    }

    public static IReadOnlyList<ProductFamily> ProductFamilies() => DemoCatalog.NewProductFamilies();

    public static IReadOnlyList<Product> Products() => DemoCatalog.NewProducts();

    /// <summary>
    /// <paramref name="count"/> bookings with ids 1..count, dated over the 24 months to <see cref="DemoOptions.AsOf"/>, owned by reps.
    /// About 2 % are cancellations or returns of a recent earlier order (negative amounts, <see cref="Booking.OriginalBookingId"/> set).
    /// Amounts have 2 decimals; currency follows the account. Lazy: rows are made as they are read.
    /// </summary>
    public IEnumerable<Booking> Bookings(long count = DefaultBookings)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Stream(count);
    }

    /// <summary><see cref="Bookings"/> as an async stream, for writers that read one.</summary>
    public async IAsyncEnumerable<Booking> BookingsAsync(long count = DefaultBookings)
    {
        foreach (var booking in Bookings(count))
        {
            yield return booking;
        }

        await Task.CompletedTask;
    }

    private IEnumerable<Booking> Stream(long count)
    {
        var random = new DemoRandom(Seed(3));
        var recent = new Booking[RecentOrders];
        var recentCount = 0;
        var days = Options.AsOf.DayNumber - Start.DayNumber;
        var reps = Participants - managerCount;
        var products = DemoCatalog.Products;
        double[] productWeights = [20, 25, 10, 12, 6, 5, 12, 6, 4];
        for (var id = 1L; id <= count; id++)
        {
            if (recentCount > 100 && random.Chance(0.02))
            {
                var original = recent[random.Next(Math.Min(recentCount, RecentOrders))];
                var share = random.Chance(0.6) ? 1m : 0.5m;
                var date = original.BookingDate.AddDays(random.Between(5, 60));
                yield return new Booking
                {
                    Id = id,
                    ExternalId = $"SB-{id:0000000000}",
                    Kind = share == 1m ? BookingKind.Cancellation : BookingKind.Return,
                    OwnerId = original.OwnerId,
                    AccountId = original.AccountId,
                    ProductId = original.ProductId,
                    Quantity = -original.Quantity * share,
                    Amount = -Money2(original.Amount * share),
                    Currency = original.Currency,
                    BookingDate = date > Options.AsOf ? Options.AsOf : date,
                    Margin = -Money2(original.Margin!.Value * share),
                    ListAmount = -Money2(original.ListAmount!.Value * share),
                    OriginalBookingId = original.Id,
                };
                continue;
            }

            var product = products[random.PickWeighted(productWeights)];
            var quantity = product.FamilyId <= 2 && product.ListPrice < 5_000m ? random.Between(5, 400) : random.Between(1, 20);
            var accountId = 1L + random.Next(AccountCount);
            var listAmount = product.ListPrice * quantity;
            var amount = Money2(listAmount * (1m - (random.Between(0, 30) / 100m)));
            var order = new Booking
            {
                Id = id,
                ExternalId = $"SB-{id:0000000000}",
                Kind = BookingKind.Order,
                OwnerId = FirstRepId + random.Next(reps),
                AccountId = accountId,
                ProductId = product.Id,
                Quantity = quantity,
                Amount = amount,
                Currency = CurrencyOf(accountId),
                BookingDate = Start.AddDays(random.Between(0, days)),
                Margin = Money2(amount * product.MarginRate),
                ListAmount = listAmount,
            };
            recent[recentCount++ % RecentOrders] = order;
            yield return order;
        }
    }

    /// <summary>Accounts 1 in 10 deal in EUR and 1 in 10 in GBP, the rest in USD; bookings follow their account.</summary>
    private static string CurrencyOf(long accountId) => (accountId % 10) switch
    {
        7 => "EUR",
        8 => "GBP",
        _ => "USD",
    };

    /// <summary>0 for the CRO, 1–4 for the manager levels, 5 for reps.</summary>
    private static int LevelOf(long id)
    {
        for (var level = 1; level <= ManagerLevels.Length; level++)
        {
            if (id < LevelStart(level))
            {
                return level - 1;
            }
        }

        return ManagerLevels.Length;
    }

    /// <summary>The first id of a level (level <see cref="ManagerLevels"/>.Length is the reps).</summary>
    private static long LevelStart(int level) => 1L + ManagerLevels.Take(level).Sum();

    /// <summary>A seed per sequence, so each replays on its own; fixed arithmetic (HashCode is randomised per process).</summary>
    private int Seed(int stream) => unchecked((Options.Seed * 7_919) + (stream * 104_729));

    private static decimal Money2(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);
}

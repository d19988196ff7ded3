using System.Globalization;

namespace Attain.Benchmarks.EngineVsSql;

/// <summary>
/// The seeded data set of the engine-vs-sql benchmark, held in compact columns so that the same rows can be loaded
/// into the engine, DuckDB and PostgreSQL: 10,000 participants in three levels (10 directors, 200 managers, 9,790
/// representatives), one fiscal year of twelve monthly periods, and <see cref="BookingCount"/> bookings owned by
/// representatives, one in ten split two ways between two representatives.
/// </summary>
/// <remarks>
/// Every value is a whole number of cents or dollars, and the split percentages are 60/40 or 80/20 so that the
/// largest-remainder allocation never meets a tie: the SQL side can allocate a split with one rounding.
/// </remarks>
public sealed class SalesDataSet
{
    public const int Directors = 10;
    public const int ManagersPerDirector = 20;
    public const int Managers = Directors * ManagersPerDirector;
    public const int Participants = 10_000;
    public const int Representatives = Participants - Directors - Managers;
    public const int FirstRepresentative = Directors + Managers;
    public const int Year = 2026;
    public const int Months = 12;

    /// <summary>Average booking amount in cents (amounts are uniform in 100.00 … 20,000.00).</summary>
    private const long MinAmountCents = 100_00;
    private const long MaxAmountCents = 20_000_00;

    private static readonly int[] SplitPercents = [60, 40, 80, 20];

    public SalesDataSet(long bookingCount, ulong seed = 20261127)
    {
        BookingCount = checked((int)bookingCount);
        Manager = new int[Participants];
        for (var i = 0; i < Participants; i++)
        {
            Manager[i] = i < Directors ? -1
                : i < FirstRepresentative ? (i - Directors) / ManagersPerDirector
                : Directors + ((i - FirstRepresentative) % Managers);
        }

        Day = new short[BookingCount];
        AmountCents = new long[BookingCount];
        Owner = new short[BookingCount];
        Partner = new short[BookingCount];
        OwnerPercent = new byte[BookingCount];
        var daysInYear = new DateOnly(Year, 12, 31).DayOfYear;
        Parallel.For(0, (BookingCount + 65_535) / 65_536, chunk =>
        {
            var end = Math.Min(BookingCount, (chunk + 1) * 65_536);
            for (var i = chunk * 65_536; i < end; i++)
            {
                var state = seed ^ ((ulong)i * 0x9E3779B97F4A7C15UL);
                Day[i] = (short)Next(ref state, (ulong)daysInYear);
                AmountCents[i] = MinAmountCents + (long)Next(ref state, (ulong)(MaxAmountCents - MinAmountCents + 1));
                var owner = FirstRepresentative + (int)Next(ref state, Representatives);
                Owner[i] = (short)owner;
                Partner[i] = -1;
                OwnerPercent[i] = 100;
                if (Next(ref state, 10) == 0)
                {
                    var partner = FirstRepresentative + (int)Next(ref state, Representatives - 1);
                    Partner[i] = (short)(partner >= owner ? partner + 1 : partner);
                    OwnerPercent[i] = (byte)SplitPercents[Next(ref state, (ulong)SplitPercents.Length)];
                }
            }
        });

        // Quotas: a representative's expected monthly volume × 0.7 … 1.3, whole dollars; a leader's is the sum below.
        var expectedMonthlyDollars = (double)BookingCount * ((MinAmountCents + MaxAmountCents) / 2 / 100) / Representatives / Months;
        QuotaDollars = new long[Participants * Months];
        for (var p = Participants - 1; p >= 0; p--)
        {
            for (var m = 0; m < Months; m++)
            {
                if (p >= FirstRepresentative)
                {
                    var state = seed ^ (((ulong)p * 131 + (ulong)m) * 0xD1B54A32D192ED03UL);
                    var factor = 0.7 + (Next(ref state, 601) / 1000.0);
                    QuotaDollars[(p * Months) + m] = Math.Max(1, (long)(expectedMonthlyDollars * factor));
                }

                if (Manager[p] >= 0)
                {
                    QuotaDollars[(Manager[p] * Months) + m] += QuotaDollars[(p * Months) + m];
                }
            }
        }

        Scale = Math.Max(0.001m, bookingCount / 10_000_000m);
    }

    public int BookingCount { get; }

    /// <summary>The manager index of each participant, or -1 for a director.</summary>
    public int[] Manager { get; }

    /// <summary>Day of the year, from 0 (1 January).</summary>
    public short[] Day { get; private set; }

    public long[] AmountCents { get; private set; }

    public short[] Owner { get; private set; }

    /// <summary>The second representative of a split booking, or -1.</summary>
    public short[] Partner { get; private set; }

    /// <summary>The owner's percent of a split booking (100 when not split).</summary>
    public byte[] OwnerPercent { get; private set; }

    /// <summary>Quota per participant and month (index participant × 12 + month), whole dollars.</summary>
    public long[] QuotaDollars { get; }

    /// <summary>Booking count ÷ 10,000,000: caps scale with volume so that they bind as often at every size.</summary>
    public decimal Scale { get; }

    /// <summary>
    /// Lets the booking columns go (143 MiB at 10 M) once the engine's records are made, when nothing else reads them
    /// (<c>--engine-only</c>): a reader holds the records, not the columns they were made from.
    /// </summary>
    public void ReleaseBookingColumns()
    {
        (Day, AmountCents, Owner, Partner, OwnerPercent) = ([], [], [], [], []);
    }

    public static string ParticipantId(int index) => string.Create(CultureInfo.InvariantCulture, $"P{index:D5}");

    public static string BookingId(int index) => string.Create(CultureInfo.InvariantCulture, $"B{index:D9}");

    public static bool IsLeader(int participant) => participant < FirstRepresentative;

    public static DateOnly DateOf(short day) => new DateOnly(Year, 1, 1).AddDays(day);

    /// <summary>The two plans: rates per 10,000 below and above 100 % attainment, and the per-period cap in cents.</summary>
    public PlanTerms Terms(bool leader) => leader
        ? new PlanTerms("leader", 50, 80, (long)decimal.Round(250_000m * Scale, MidpointRounding.AwayFromZero) * 100)
        : new PlanTerms("rep", 400, 700, (long)decimal.Round(45_000m * Scale, MidpointRounding.AwayFromZero) * 100);

    /// <summary>The plan as JSON (docs/plans.md): monthly marginal tiers keyed by attainment, an accelerator above 100 %, a cap.</summary>
    public string PlanJson(bool leader) => PlanJson(Terms(leader));

    /// <summary>The plan of <paramref name="terms"/> as JSON (also the plan of the <c>comp-run</c> benchmark).</summary>
    public static string PlanJson(PlanTerms terms)
    {
        return string.Create(CultureInfo.InvariantCulture, $$"""
            {
              "id": "{{terms.PlanId}}", "version": 1, "payCurrency": "USD", "rounding": "awayFromZero",
              "components": [
                {
                  "id": "commission", "kind": "commission", "measure": "bookings.amount", "period": "month",
                  "perPeriodCap": {{terms.CapCents / 100}},
                  "rateTable": {
                    "key": "attainment", "semantics": "marginal",
                    "tiers": [ { "from": 0, "to": 100, "rate": {{terms.BelowBasisPoints / 10_000m}} }, { "from": 100, "rate": {{terms.AboveBasisPoints / 10_000m}} } ]
                  }
                }
              ]
            }
            """);
    }

    /// <summary>A uniform number in [0, bound) from a SplitMix64 step.</summary>
    private static ulong Next(ref ulong state, ulong bound)
    {
        state += 0x9E3779B97F4A7C15UL;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return z % bound;
    }
}

/// <summary>A plan's terms for the SQL side: rates in 1/10,000 and the cap in cents.</summary>
public sealed record PlanTerms(string PlanId, long BelowBasisPoints, long AboveBasisPoints, long CapCents);

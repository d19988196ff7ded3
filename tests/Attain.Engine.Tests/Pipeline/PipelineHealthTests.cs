using Attain.Engine.Kpis;
using Attain.Engine.Pipeline;
using CsCheck;
using static Attain.Engine.Tests.Kpis.KpiBuilder;

namespace Attain.Engine.Tests.Pipeline;

/// <summary>
/// Hygiene and stall flags as of 2026-03-31, stalled after 30 days, stages Qualify → Propose → Negotiate. Every
/// example is in docs/pipeline.md.
/// </summary>
public class PipelineHealthTests
{
    private static readonly DateOnly AsOf = D(2026, 3, 31);
    private static readonly PipelineRules Rules = new(["Qualify", "Propose", "Negotiate"], 30);

    private static OpportunitySnapshot Open(
        string id, DateOnly? created = null, DateOnly? close = null, decimal amount = 100m, int pushes = 0, params StageEntry[] history) =>
        Opp(id, created: created ?? D(2026, 3, 20), close: close ?? D(2026, 6, 30), amount: amount, history: history) with { CloseDatePushCount = pushes };

    private static IReadOnlyList<string> Codes(OpportunityHealth health) => [.. health.Flags.Select(f => f.Code)];

    [Fact]
    public void InspectOpen_TouchedExactlyThirtyDaysAgo_Stalled()
    {
        // Last stage change 2026-03-01: 31 − 1 = 30 days before 2026-03-31 → stalled (30 or more).
        var o = Open("o1", created: D(2026, 1, 5), history: [Entered("Qualify", D(2026, 1, 5)), Entered("Propose", D(2026, 3, 1))]);

        var health = Assert.Single(PipelineHealth.InspectOpen([o], [], Rules, AsOf));

        Assert.Equal([PipelineFlagCodes.Stalled], Codes(health));
        Assert.Equal(30, health.DaysSinceTouch);
        Assert.Equal(D(2026, 3, 1), health.LastTouch);
        var flag = health.Flags[0];
        Assert.Equal("No stage change and no activity for 30 days (last touch 2026-03-01; stalled after 30 days).", flag.Reason);
        Assert.Contains(new FlagEvidence("last stage change", "2026-03-01"), flag.Evidence);
        Assert.Contains(new FlagEvidence("last activity", "none"), flag.Evidence);
    }

    [Fact]
    public void InspectOpen_TouchedTwentyNineDaysAgo_NotStalled()
    {
        var o = Open("o1", created: D(2026, 1, 5), history: [Entered("Qualify", D(2026, 3, 2))]);

        var health = Assert.Single(PipelineHealth.InspectOpen([o], [], Rules, AsOf));

        Assert.Equal(29, health.DaysSinceTouch);
        Assert.Empty(health.Flags);
    }

    [Fact]
    public void InspectOpen_RecentActivityOnTheOpportunity_NotStalled()
    {
        // Stage entered 2026-01-05 (85 days), but a call on it on 2026-03-20 (11 days): the activity is the last touch.
        // An activity on another opportunity, and one after the as-of date, do not count.
        var o = Open("o1", created: D(2026, 1, 5), history: [Entered("Qualify", D(2026, 1, 5))]);
        ActivityRecord[] activities =
        [
            Activity("a1", D(2026, 3, 20)) with { OpportunityId = "o1" },
            Activity("a2", D(2026, 3, 30)) with { OpportunityId = "o2" },
            Activity("a3", D(2026, 4, 2)) with { OpportunityId = "o1" },
        ];

        var health = Assert.Single(PipelineHealth.InspectOpen([o], activities, Rules, AsOf));

        Assert.Equal(D(2026, 3, 20), health.LastActivity);
        Assert.Equal(11, health.DaysSinceTouch);
        Assert.Empty(health.Flags);
    }

    [Fact]
    public void InspectOpen_NoHistoryNoActivity_CreatedDateIsTheLastTouch()
    {
        var o = Open("o1", created: D(2025, 12, 31));

        var health = Assert.Single(PipelineHealth.InspectOpen([o], [], Rules, AsOf));

        // 2025-12-31 → 2026-03-31 is 90 days.
        Assert.Equal(90, health.DaysSinceTouch);
        Assert.Null(health.LastStageChange);
        Assert.True(health.IsStalled);
    }

    [Fact]
    public void InspectOpen_CloseDateYesterdayAndToday_OnlyYesterdayIsPast()
    {
        var yesterday = Open("o1", close: D(2026, 3, 30));
        var today = Open("o2", close: AsOf);

        var health = PipelineHealth.InspectOpen([today, yesterday], [], Rules, AsOf);

        Assert.Equal(["o1", "o2"], health.Select(h => h.OpportunityId));
        var flag = Assert.Single(health[0].Flags);
        Assert.Equal(PipelineFlagCodes.CloseDatePast, flag.Code);
        Assert.Equal("Still open, but its close date 2026-03-30 passed 1 days ago.", flag.Reason);
        Assert.Contains(new FlagEvidence("days overdue", "1"), flag.Evidence);
        Assert.Empty(health[1].Flags);
    }

    [Fact]
    public void InspectOpen_ZeroAmount_MissingAmount()
    {
        var health = Assert.Single(PipelineHealth.InspectOpen([Open("o1", amount: 0m)], [], Rules, AsOf));

        Assert.Equal([PipelineFlagCodes.MissingAmount], Codes(health));
        Assert.Contains(new FlagEvidence("amount", "none or 0 EUR"), health.Flags[0].Evidence);
    }

    [Theory]
    [InlineData(2, false)]
    [InlineData(3, true)]
    public void InspectOpen_ClosePushes_FlaggedOnlyAboveTwo(int pushes, bool flagged)
    {
        var health = Assert.Single(PipelineHealth.InspectOpen([Open("o1", pushes: pushes)], [], Rules, AsOf));

        Assert.Equal(flagged, health.Flags.Any(f => f.Code == PipelineFlagCodes.CloseDatePushed));
        Assert.Equal(flagged ? 1 : 0, health.Flags.Count);
    }

    [Fact]
    public void InspectOpen_QualifyToNegotiate_SkippedPropose()
    {
        // Qualify → Negotiate skips Propose; Negotiate → Propose (back) and Propose → Negotiate (next) are not skips.
        var o = Open("o1", created: D(2026, 3, 1), history:
        [
            Entered("Qualify", D(2026, 3, 1)),
            Entered("Negotiate", D(2026, 3, 10)),
            Entered("Propose", D(2026, 3, 15)),
            Entered("Negotiate", D(2026, 3, 25)),
        ]);

        var health = Assert.Single(PipelineHealth.InspectOpen([o], [], Rules, AsOf));

        var flag = Assert.Single(health.Flags);
        Assert.Equal(PipelineFlagCodes.StageSkipped, flag.Code);
        Assert.Equal("It moved from Qualify to Negotiate on 2026-03-10, skipping Propose.", flag.Reason);
        Assert.Equal(
            [new("from stage", "Qualify"), new("to stage", "Negotiate"), new("changed on", "2026-03-10"), new("skipped stages", "Propose")],
            flag.Evidence);
    }

    [Fact]
    public void InspectOpen_UnlistedStage_NeverASkip()
    {
        var o = Open("o1", history: [Entered("Lead", D(2026, 3, 20)), Entered("Negotiate", D(2026, 3, 21))]);

        Assert.Empty(Assert.Single(PipelineHealth.InspectOpen([o], [], Rules, AsOf)).Flags);
    }

    [Fact]
    public void InspectOpen_WonAndLost_NotJudged()
    {
        var won = Opp("w", OpportunityStatus.Won, amount: 0m, close: D(2026, 1, 1));
        var lost = Opp("l", OpportunityStatus.Lost, amount: 0m, close: D(2026, 1, 1));

        Assert.Empty(PipelineHealth.InspectOpen([won, lost], [], Rules, AsOf));
    }

    [Fact]
    public void InspectOpen_EveryRuleBroken_FlagsInCodeOrder()
    {
        var o = Open("o1", created: D(2025, 10, 1), close: D(2026, 1, 31), amount: 0m, pushes: 4,
            history: [Entered("Qualify", D(2025, 10, 1)), Entered("Negotiate", D(2025, 11, 1))]);

        var health = Assert.Single(PipelineHealth.InspectOpen([o], [], Rules, AsOf));

        Assert.Equal(PipelineFlagCodes.All, Codes(health));
    }

    [Fact]
    public void InspectOpen_AnyOrderAndThreshold_SameFlagsAndStalledExactlyFromNDays()
    {
        var gen = Gen.Select(Gen.Int[0, 200], Gen.Int[1, 90], Gen.Int[0, 5], Gen.Int[0, 2])
            .Array[1, 10]
            .Select(rows => rows.Select((r, i) => Open(
                "o" + i, created: AsOf.AddDays(-r.Item1), close: AsOf.AddDays(r.Item2 - 30), amount: r.Item4 * 100m, pushes: r.Item3)).ToArray());

        gen.Sample(opportunities =>
        {
            var health = PipelineHealth.InspectOpen(opportunities, [], Rules, AsOf);
            var reversed = PipelineHealth.InspectOpen(opportunities.Reverse(), [], Rules, AsOf);
            Assert.Equal(health.Select(h => (h.OpportunityId, string.Join(",", h.Flags.Select(f => f.Code)))), reversed.Select(h => (h.OpportunityId, string.Join(",", h.Flags.Select(f => f.Code)))));
            Assert.All(health, h => Assert.Equal(h.DaysSinceTouch >= Rules.StalledAfterDays, h.IsStalled));
        });
    }

    [Fact]
    public void Validate_ZeroDays_Issue()
    {
        var issues = (Rules with { StalledAfterDays = 0 }).Validate();

        Assert.Equal("stalled_after_days.out_of_range", Assert.Single(issues).Code);
        Assert.Throws<ArgumentException>(() => PipelineHealth.InspectOpen([Open("o1")], [], Rules with { StalledAfterDays = 0 }, AsOf));
    }
}

using Attain.Application.Accounts;
using Attain.Application.Activities;
using Attain.Application.Bookings;
using Attain.Application.Calendar;
using Attain.Application.ChangeLog;
using Attain.Application.Currencies;
using Attain.Application.Opportunities;
using Attain.Application.Organisation;
using Attain.Application.Products;
using Attain.Application.Quotas;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attain.Application.Data;

internal sealed class OrganisationSettingsConfiguration : IEntityTypeConfiguration<OrganisationSettings>
{
    public void Configure(EntityTypeBuilder<OrganisationSettings> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.BaseCurrency).HasMaxLength(3);
        b.Property(x => x.TimeZone).HasMaxLength(64);
        b.Property(x => x.StalledAfterDays).HasDefaultValue(30);
        b.Property(x => x.RollUpLevels).HasDefaultValue(1);
    }
}

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> b)
    {
        b.HasIndex(x => x.ExternalId).IsUnique();
        b.HasIndex(x => x.Email);
        b.Property(x => x.ExternalId).HasMaxLength(100);
        b.Property(x => x.EmployeeNumber).HasMaxLength(100);
        b.Property(x => x.FirstName).HasMaxLength(100);
        b.Property(x => x.LastName).HasMaxLength(100);
        b.Property(x => x.Email).HasMaxLength(256);
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.PayCurrency).HasMaxLength(3);
        b.Property(x => x.CostCentre).HasMaxLength(100);
        b.Ignore(x => x.DisplayName);
    }
}

internal sealed class ReportingLineConfiguration : IEntityTypeConfiguration<ReportingLine>
{
    public void Configure(EntityTypeBuilder<ReportingLine> b)
    {
        b.HasIndex(x => new { x.PersonId, x.EffectiveFrom }).IsUnique();
        b.HasIndex(x => x.ManagerId);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.ManagerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RegionConfiguration : IEntityTypeConfiguration<Region>
{
    public void Configure(EntityTypeBuilder<Region> b)
    {
        b.HasIndex(x => x.ExternalId).IsUnique();
        b.Property(x => x.ExternalId).HasMaxLength(100);
        b.Property(x => x.Name).HasMaxLength(200);
    }
}

internal sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> b)
    {
        b.HasIndex(x => x.ExternalId).IsUnique();
        b.Property(x => x.ExternalId).HasMaxLength(100);
        b.Property(x => x.Name).HasMaxLength(200);
        b.HasOne<Region>().WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.LeaderId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TeamMembershipConfiguration : IEntityTypeConfiguration<TeamMembership>
{
    public void Configure(EntityTypeBuilder<TeamMembership> b)
    {
        b.HasIndex(x => new { x.PersonId, x.EffectiveFrom }).IsUnique();
        b.HasIndex(x => x.TeamId);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Team>().WithMany().HasForeignKey(x => x.TeamId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AttainUserConfiguration : IEntityTypeConfiguration<AttainUser>
{
    public void Configure(EntityTypeBuilder<AttainUser> b)
    {
        b.HasIndex(x => x.PersonId);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> b)
    {
        b.HasIndex(x => x.Hash).IsUnique();
        b.HasIndex(x => x.UserId);
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Prefix).HasMaxLength(16);
        b.Property(x => x.Hash).HasMaxLength(64);
        b.HasOne<AttainUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CurrencyConfiguration : IEntityTypeConfiguration<CurrencyRecord>
{
    public void Configure(EntityTypeBuilder<CurrencyRecord> b)
    {
        b.ToTable("Currencies");
        b.HasKey(x => x.Code);
        b.Property(x => x.Code).HasMaxLength(3);
        b.Property(x => x.Name).HasMaxLength(100);
    }
}

internal sealed class FxRateConfiguration : IEntityTypeConfiguration<FxRate>
{
    public void Configure(EntityTypeBuilder<FxRate> b)
    {
        b.HasIndex(x => new { x.FromCurrency, x.ToCurrency, x.Date }).IsUnique();
        b.Property(x => x.FromCurrency).HasMaxLength(3);
        b.Property(x => x.ToCurrency).HasMaxLength(3);
        b.Property(x => x.Rate).HasConversion<FxRateConverter>();
    }
}

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> b)
    {
        b.HasIndex(x => x.ExternalId).IsUnique();
        b.HasIndex(x => x.OwnerId);
        b.HasIndex(x => x.Name);
        b.Property(x => x.ExternalId).HasMaxLength(100);
        b.Property(x => x.Name).HasMaxLength(300);
        b.Property(x => x.Industry).HasMaxLength(100);
        b.Property(x => x.RevenueCurrency).HasMaxLength(3);
        b.Property(x => x.Country).HasMaxLength(2);
        b.Property(x => x.Region).HasMaxLength(100);
        b.Property(x => x.City).HasMaxLength(100);
        b.Property(x => x.PostalCode).HasMaxLength(20);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ProductFamilyConfiguration : IEntityTypeConfiguration<ProductFamily>
{
    public void Configure(EntityTypeBuilder<ProductFamily> b)
    {
        b.HasIndex(x => x.ExternalId).IsUnique();
        b.Property(x => x.ExternalId).HasMaxLength(100);
        b.Property(x => x.Name).HasMaxLength(200);
    }
}

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> b)
    {
        b.HasIndex(x => x.ExternalId).IsUnique();
        b.Property(x => x.ExternalId).HasMaxLength(100);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.ListPriceCurrency).HasMaxLength(3);
        b.HasOne<ProductFamily>().WithMany().HasForeignKey(x => x.FamilyId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class StageDefinitionConfiguration : IEntityTypeConfiguration<StageDefinition>
{
    public void Configure(EntityTypeBuilder<StageDefinition> b)
    {
        b.ToTable("Stages");
        b.HasKey(x => x.Name);
        b.Property(x => x.Name).HasMaxLength(100);
    }
}

internal sealed class OpportunityConfiguration : IEntityTypeConfiguration<Opportunity>
{
    public void Configure(EntityTypeBuilder<Opportunity> b)
    {
        b.HasIndex(x => x.ExternalId).IsUnique();
        b.HasIndex(x => new { x.OwnerId, x.CloseDate });
        b.HasIndex(x => x.AccountId);
        b.Property(x => x.ExternalId).HasMaxLength(100);
        b.Property(x => x.Name).HasMaxLength(300);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.Stage).HasMaxLength(100);
        b.Property(x => x.Source).HasMaxLength(100);
        b.Property(x => x.CloseReason).HasMaxLength(300);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Account>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class OpportunityStageChangeConfiguration : IEntityTypeConfiguration<OpportunityStageChange>
{
    public void Configure(EntityTypeBuilder<OpportunityStageChange> b)
    {
        b.HasIndex(x => new { x.OpportunityId, x.EnteredOn });
        b.Property(x => x.FromStage).HasMaxLength(100);
        b.Property(x => x.Stage).HasMaxLength(100);
        b.HasOne<Opportunity>().WithMany().HasForeignKey(x => x.OpportunityId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ActivityConfiguration : IEntityTypeConfiguration<Activity>
{
    public void Configure(EntityTypeBuilder<Activity> b)
    {
        b.HasIndex(x => x.ExternalId).IsUnique();
        b.HasIndex(x => new { x.OwnerId, x.OccurredAt });
        b.HasIndex(x => x.OpportunityId);
        b.HasIndex(x => x.AccountId);
        b.Property(x => x.ExternalId).HasMaxLength(100);
        b.Property(x => x.ContactName).HasMaxLength(200);
        b.Property(x => x.Subject).HasMaxLength(300);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Account>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Opportunity>().WithMany().HasForeignKey(x => x.OpportunityId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class BookingConfiguration : IEntityTypeConfiguration<Booking>
{
    public void Configure(EntityTypeBuilder<Booking> b)
    {
        b.HasIndex(x => x.ExternalId).IsUnique();
        b.HasIndex(x => new { x.OwnerId, x.BookingDate });
        // Covers the dashboards' aggregates (net bookings by date and currency, or by owner): they read the index alone,
        // and grouping by date and currency follows its order (docs/adr/0007-dashboard-aggregates-in-sql.md).
        b.HasIndex(x => new { x.BookingDate, x.Currency, x.OwnerId, x.Kind, x.Amount });
        b.HasIndex(x => x.OriginalBookingId);
        b.Property(x => x.ExternalId).HasMaxLength(100);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Account>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Opportunity>().WithMany().HasForeignKey(x => x.OpportunityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Product>().WithMany().HasForeignKey(x => x.ProductId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Booking>().WithMany().HasForeignKey(x => x.OriginalBookingId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class QuotaConfiguration : IEntityTypeConfiguration<Quota>
{
    public void Configure(EntityTypeBuilder<Quota> b)
    {
        b.HasIndex(x => new { x.PersonId, x.Period }).IsUnique();
        b.HasIndex(x => x.PeriodStart);
        b.Property(x => x.Period).HasMaxLength(16);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ChangeLogEntryConfiguration : IEntityTypeConfiguration<ChangeLogEntry>
{
    public void Configure(EntityTypeBuilder<ChangeLogEntry> b)
    {
        b.ToTable("ChangeLog");
        b.HasIndex(x => x.OccurredAt);
        b.HasIndex(x => new { x.Entity, x.EntityKey });
        b.HasIndex(x => x.Actor);
        b.Property(x => x.Actor).HasMaxLength(256);
        b.Property(x => x.Entity).HasMaxLength(100);
        b.Property(x => x.EntityKey).HasMaxLength(100);
        b.Property(x => x.Reason).HasMaxLength(1000);
    }
}

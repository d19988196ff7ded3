namespace Attain.Application.ChangeLog;

/// <summary>
/// The database triggers that make the <c>ChangeLog</c> table append-only (ADR 0016): any UPDATE or DELETE of a row
/// (and, on PostgreSQL, a TRUNCATE) fails with <see cref="Message"/>, whoever sends it. The <c>AuditTrail</c>
/// migration of each provider creates them; a migration that rebuilds the table must create them again
/// (the append-only tests fail otherwise).
/// </summary>
public static class AppendOnlyGuard
{
    /// <summary>The text of the error the database raises; tests and support look for it.</summary>
    public const string Message = "ChangeLog is append-only";

    public const string SqliteCreate = $"""
        CREATE TRIGGER "ChangeLog_no_update" BEFORE UPDATE ON "ChangeLog"
        BEGIN SELECT RAISE(ABORT, '{Message}: rows cannot be updated'); END;
        CREATE TRIGGER "ChangeLog_no_delete" BEFORE DELETE ON "ChangeLog"
        BEGIN SELECT RAISE(ABORT, '{Message}: rows cannot be deleted'); END;
        """;

    public const string SqliteDrop = """
        DROP TRIGGER IF EXISTS "ChangeLog_no_update";
        DROP TRIGGER IF EXISTS "ChangeLog_no_delete";
        """;

    public const string PostgresCreate = $"""
        CREATE FUNCTION change_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '{Message}: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
        END
        $$;
        CREATE TRIGGER change_log_no_update_delete BEFORE UPDATE OR DELETE ON "ChangeLog"
            FOR EACH ROW EXECUTE FUNCTION change_log_append_only();
        CREATE TRIGGER change_log_no_truncate BEFORE TRUNCATE ON "ChangeLog"
            FOR EACH STATEMENT EXECUTE FUNCTION change_log_append_only();
        """;

    public const string PostgresDrop = """
        DROP TRIGGER IF EXISTS change_log_no_truncate ON "ChangeLog";
        DROP TRIGGER IF EXISTS change_log_no_update_delete ON "ChangeLog";
        DROP FUNCTION IF EXISTS change_log_append_only();
        """;
}

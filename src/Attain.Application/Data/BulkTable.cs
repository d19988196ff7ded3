using System.Linq.Expressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using NpgsqlTypes;
using SQLitePCL;

namespace Attain.Application.Data;

/// <summary>
/// Writes new rows of one entity type straight into its table without change tracking: one prepared INSERT statement
/// (bound and stepped row by row through SQLitePCLRaw) in the caller's transaction on SQLite, one binary
/// <c>COPY … FROM STDIN</c> on PostgreSQL. The one bulk-insert mechanism of the application (bookings, a run's results).
/// </summary>
/// <remarks>
/// Columns, their names and their values at rest come from the EF Core model: each value goes through the property's
/// own value converter and type mapping, so a row written here is stored exactly as <c>SaveChanges</c> would store it.
/// Writes no change-log entry (the caller writes one for the whole write) and runs in the transaction the caller has
/// begun on the context; the caller commits.
/// </remarks>
/// <typeparam name="T">The entity type.</typeparam>
public sealed class BulkTable<T>
    where T : class
{
    private readonly Column[] columns;

    internal BulkTable(string name, Column[] columns)
    {
        Name = name;
        this.columns = columns;
    }

    /// <summary>The quoted table name (<c>"RunLines"</c>).</summary>
    public string Name { get; }

    /// <summary>The quoted column names, in the order values are written.</summary>
    public IReadOnlyList<string> Columns => [.. columns.Select(c => c.Quoted)];

    /// <summary>
    /// Writes <paramref name="rows"/> in the context's current transaction (begin one first); returns how many.
    /// <paramref name="beforeWrite"/>, if given, is called with each row and its position (from 0) just before it is written.
    /// </summary>
    public async Task<int> WriteAsync(DbContext db, IAsyncEnumerable<T> rows, Action<T, int>? beforeWrite = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        _ = db.Database.CurrentTransaction
            ?? throw new InvalidOperationException("A bulk write runs in the caller's transaction; begin one first.");
        var connection = db.Database.GetDbConnection();
        return connection switch
        {
            NpgsqlConnection npgsql => await CopyAsync(npgsql, rows, beforeWrite, cancellationToken),
            SqliteConnection sqlite => await InsertAsync(sqlite, db.Database.GetCommandTimeout() ?? sqlite.DefaultTimeout, rows, beforeWrite, cancellationToken),
            _ => throw new NotSupportedException($"Bulk writes support PostgreSQL and SQLite connections, not {connection.GetType().Name}."),
        };
    }

    /// <inheritdoc cref="WriteAsync(DbContext, IAsyncEnumerable{T}, Action{T, int}?, CancellationToken)"/>
    public Task<int> WriteAsync(DbContext db, IEnumerable<T> rows, Action<T, int>? beforeWrite = null, CancellationToken cancellationToken = default) =>
        WriteAsync(db, rows.ToAsyncEnumerable(), beforeWrite, cancellationToken);

    private async Task<int> InsertAsync(SqliteConnection connection, int timeoutSeconds, IAsyncEnumerable<T> rows, Action<T, int>? beforeWrite, CancellationToken cancellationToken)
    {
        // Below Microsoft.Data.Sqlite: one statement prepared on the connection's own handle, so it runs in the caller's
        // transaction (begun on that connection); bound typed through one call compiled from the model and stepped
        // per row. Through SqliteParameter every value was boxed and every text converted to a new UTF-8 array.
        // A busy or locked database is waited for as long as the context's own commands wait (its command timeout,
        // else the connection's default timeout; 0 is no limit).
        var bindRow = BindRow();
        var db = connection.Handle ?? throw new InvalidOperationException("A bulk write needs an open connection.");
        var timeout = TimeSpan.FromSeconds(timeoutSeconds);
        var sql = $"INSERT INTO {Name} ({string.Join(", ", Columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => $"?{i + 1}"))})";
        var prepared = raw.sqlite3_prepare_v2(db, sql, out var statement);
        using (statement)
        {
            SqliteBinding.Check(db, prepared);
            var buffer = new char[SqliteBinding.BufferLength];
            var count = 0;
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                beforeWrite?.Invoke(row, count);
                bindRow(statement, row, buffer);
                SqliteBinding.Step(db, statement, timeout, cancellationToken);
                count++;
            }

            return count;
        }
    }

    private async Task<int> CopyAsync(NpgsqlConnection connection, IAsyncEnumerable<T> rows, Action<T, int>? beforeWrite, CancellationToken cancellationToken)
    {
        var count = 0;
        var copyRow = CopyRow();
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY {Name} ({string.Join(", ", Columns)}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            beforeWrite?.Invoke(row, count);

            // The synchronous calls only copy into the importer's buffer (sending it when full): per value, the async
            // ones cost a state machine and a type look-up each, which was most of a run's write time.
            importer.StartRow();
            if (copyRow is not null)
            {
                copyRow(importer, row);
            }
            else
            {
                foreach (var column in columns)
                {
                    if (column.Value(row) is { } value)
                    {
                        column.Write(importer, value);
                    }
                    else
                    {
                        importer.WriteNull();
                    }
                }
            }

            count++;
        }

        await importer.CompleteAsync(cancellationToken);
        return count;
    }

    /// <summary>
    /// Writes a row's columns to a binary COPY in one compiled call: each property read and converted (through the
    /// converter's own expression) typed, without boxing; null when a column is not a plain property (the values are
    /// then written one by one through <see cref="Column.Value"/>).
    /// </summary>
    private Action<NpgsqlBinaryImporter, T>? CopyRow()
    {
        if (copyRowMade)
        {
            return copyRowCompiled;
        }

        var importer = Expression.Parameter(typeof(NpgsqlBinaryImporter), "importer");
        var row = Expression.Parameter(typeof(T), "row");
        var writes = columns.Select(c => c.Copy?.Invoke(importer, row)).ToList();
        copyRowCompiled = writes.TrueForAll(w => w is not null)
            ? Expression.Lambda<Action<NpgsqlBinaryImporter, T>>(Expression.Block(writes!), importer, row).Compile()
            : null;
        copyRowMade = true;
        return copyRowCompiled;
    }

    private Action<NpgsqlBinaryImporter, T>? copyRowCompiled;
    private bool copyRowMade;

    /// <summary>
    /// Binds a row's columns to the prepared INSERT in one compiled call: each property read and converted (through the
    /// converter's own expression) typed and bound as Microsoft.Data.Sqlite binds that type (<see cref="SqliteBinding"/>);
    /// a column that is not a plain property is read through <see cref="Column.Value"/> and unboxed.
    /// </summary>
    private Action<sqlite3_stmt, T, char[]> BindRow() => bindRowCompiled ??= CompileBindRow();

    private Action<sqlite3_stmt, T, char[]> CompileBindRow()
    {
        var statement = Expression.Parameter(typeof(sqlite3_stmt), "statement");
        var row = Expression.Parameter(typeof(T), "row");
        var buffer = Expression.Parameter(typeof(char[]), "buffer");
        var binds = columns.Select((c, i) => c.Bind(statement, row, buffer, i + 1)).ToList();
        return Expression.Lambda<Action<sqlite3_stmt, T, char[]>>(Expression.Block(binds), statement, row, buffer).Compile();
    }

    private Action<sqlite3_stmt, T, char[]>? bindRowCompiled;

    /// <summary>A column: its quoted name, its PostgreSQL type, and the row's value at rest (converted as EF Core converts it; null for NULL).</summary>
    internal sealed record Column(string Quoted, NpgsqlDbType PostgresType, Func<T, object?> Value)
    {
        /// <summary>Writes a non-null value at rest to a binary COPY, typed (no look-up of the value's type per value).</summary>
        public Action<NpgsqlBinaryImporter, object> Write { get; } = PostgresType switch
        {
            NpgsqlDbType.Bigint => (importer, value) => importer.Write((long)value, NpgsqlDbType.Bigint),
            NpgsqlDbType.Integer => (importer, value) => importer.Write((int)value, NpgsqlDbType.Integer),
            NpgsqlDbType.Smallint => (importer, value) => importer.Write((short)value, NpgsqlDbType.Smallint),
            NpgsqlDbType.Boolean => (importer, value) => importer.Write((bool)value, NpgsqlDbType.Boolean),
            NpgsqlDbType.Numeric => (importer, value) => importer.Write((decimal)value, NpgsqlDbType.Numeric),
            NpgsqlDbType.Double => (importer, value) => importer.Write((double)value, NpgsqlDbType.Double),
            NpgsqlDbType.Date => (importer, value) => importer.Write((DateOnly)value, NpgsqlDbType.Date),
            NpgsqlDbType.TimestampTz or NpgsqlDbType.Timestamp => (importer, value) => importer.Write((DateTime)value, PostgresType),
            _ => (importer, value) => importer.Write((string)value, PostgresType),
        };

        /// <summary>
        /// Makes the expression that writes this column of a row to a binary COPY (the property read, converted by the
        /// converter's expression, written typed, or a NULL), or null for a column that is not a plain property.
        /// </summary>
        public Func<ParameterExpression, ParameterExpression, Expression>? Copy { get; private init; }

        /// <summary>
        /// Makes the expressions that bind this column of a row to a prepared SQLite statement (parameter
        /// <paramref name="index"/>, from 1): the value read and converted as for <see cref="Copy"/>, bound typed, or a NULL.
        /// </summary>
        public Func<ParameterExpression, ParameterExpression, ParameterExpression, int, Expression> Bind { get; private init; } = null!;

        public static Column Of(IProperty property, StoreObjectIdentifier store)
        {
            var mapping = (RelationalTypeMapping)property.GetTypeMapping();
            var getter = property.GetGetter();
            var converter = mapping.Converter;
            var clrType = converter?.ProviderClrType ?? mapping.ClrType;
            var providerType = Nullable.GetUnderlyingType(clrType) ?? clrType;
            Func<T, object?> value = converter is null
                ? row => getter.GetClrValue(row)
                : row => getter.GetClrValue(row) is { } v ? converter.ConvertToProvider(v) : null;
            var postgresType = PostgresTypeOf(providerType, mapping.StoreType);
            var info = property.PropertyInfo is { GetMethod: not null } p && !property.IsShadowProperty() ? p : null;
            var quoted = $"\"{property.GetColumnName(store)}\"";
            var sqliteBind = SqliteBindOf(providerType, mapping.StoreType, quoted);
            return new Column(quoted, postgresType, value)
            {
                Copy = info is null ? null : (importer, row) => CopyExpression(importer, row, info, converter, postgresType),
                Bind = (statement, row, buffer, index) => BindExpression(statement, row, buffer, index, info, converter, providerType, value, sqliteBind),
            };
        }

        /// <summary>The property read and converted by the converter's expression: whether it has a value, and the value (not nullable).</summary>
        private static (Expression? Present, Expression Value) Read(ParameterExpression row, System.Reflection.PropertyInfo info, ValueConverter? converter)
        {
            Expression read = Expression.Property(row, info);
            var underlying = Nullable.GetUnderlyingType(read.Type);
            var (present, value) = underlying is not null ? (Expression.Property(read, nameof(Nullable<int>.HasValue)), Expression.Property(read, nameof(Nullable<int>.Value)))
                : !read.Type.IsValueType ? (Expression.NotEqual(read, Expression.Constant(null, read.Type)), read)
                : ((Expression?)null, (Expression)read);
            if (converter is not null)
            {
                value = Expression.Invoke(converter.ConvertToProviderExpression, Expression.Convert(value, converter.ModelClrType));
            }

            value = Nullable.GetUnderlyingType(value.Type) is { } provider ? Expression.Convert(value, provider) : value;
            return (present, value);
        }

        private static Expression CopyExpression(ParameterExpression importer, ParameterExpression row, System.Reflection.PropertyInfo info, ValueConverter? converter, NpgsqlDbType postgresType)
        {
            var (present, value) = Read(row, info, converter);
            var write = Expression.Call(importer, WriteTyped.MakeGenericMethod(value.Type), value, Expression.Constant(postgresType));
            return present is null ? write : Expression.IfThenElse(present, write, Expression.Call(importer, WriteNull));
        }

        private static Expression BindExpression(
            ParameterExpression statement, ParameterExpression row, ParameterExpression buffer, int index, System.Reflection.PropertyInfo? info,
            ValueConverter? converter, Type providerType, Func<T, object?> boxed, Func<Expression, Expression, Expression, Expression, Expression> bind)
        {
            var at = Expression.Constant(index);
            var bindNull = Expression.Call(SqliteBindNull, statement, at);
            if (info is not null)
            {
                var (present, value) = Read(row, info, converter);
                var bound = bind(statement, at, value, buffer);
                return present is null ? bound : Expression.IfThenElse(present, bound, bindNull);
            }

            // Not a plain property (a shadow property): its value at rest boxed, as before, bound typed once unboxed.
            var v = Expression.Variable(typeof(object), "value");
            return Expression.Block(
                [v],
                Expression.Assign(v, Expression.Invoke(Expression.Constant(boxed), row)),
                Expression.IfThenElse(Expression.NotEqual(v, Expression.Constant(null)), bind(statement, at, Expression.Convert(v, providerType), buffer), bindNull));
        }

        /// <summary>
        /// How a non-null value of the provider type is bound (as Microsoft.Data.Sqlite binds it as a parameter). The
        /// integer types are those <see cref="PostgresTypeOf"/> also accepts (a byte, sbyte, ushort or uint column is refused there).
        /// </summary>
        private static Func<Expression, Expression, Expression, Expression, Expression> SqliteBindOf(Type type, string storeType, string quoted) =>
            type == typeof(long) || type == typeof(int) || type == typeof(short)
                ? (statement, index, value, _) => Expression.Call(SqliteBindInt64, statement, index, value.Type == typeof(long) ? value : Expression.Convert(value, typeof(long)))
            : type == typeof(bool) ? (statement, index, value, _) => Expression.Call(SqliteBindBoolean, statement, index, value)
            : type == typeof(double) ? (statement, index, value, _) => Expression.Call(SqliteBindDouble, statement, index, value, Expression.Constant(quoted))
            : type == typeof(string) ? (statement, index, value, _) => Expression.Call(SqliteBindText, statement, index, value)
            : type == typeof(DateOnly) ? (statement, index, value, buffer) => Expression.Call(SqliteBindDate, statement, index, value, buffer)
            : (_, _, _, _) => throw new NotSupportedException($"Bulk writes on SQLite do not support {type.Name} columns ({storeType}).");

        private static readonly System.Reflection.MethodInfo SqliteBindInt64 = typeof(SqliteBinding).GetMethod(nameof(SqliteBinding.Int64))!;
        private static readonly System.Reflection.MethodInfo SqliteBindBoolean = typeof(SqliteBinding).GetMethod(nameof(SqliteBinding.Boolean))!;
        private static readonly System.Reflection.MethodInfo SqliteBindDouble = typeof(SqliteBinding).GetMethod(nameof(SqliteBinding.Double))!;
        private static readonly System.Reflection.MethodInfo SqliteBindText = typeof(SqliteBinding).GetMethod(nameof(SqliteBinding.Text))!;
        private static readonly System.Reflection.MethodInfo SqliteBindDate = typeof(SqliteBinding).GetMethod(nameof(SqliteBinding.Date))!;
        private static readonly System.Reflection.MethodInfo SqliteBindNull = typeof(SqliteBinding).GetMethod(nameof(SqliteBinding.Null))!;

        private static readonly System.Reflection.MethodInfo WriteTyped = typeof(NpgsqlBinaryImporter).GetMethods()
            .Single(m => m.Name == nameof(NpgsqlBinaryImporter.Write) && m.IsGenericMethodDefinition && m.GetParameters() is [_, { ParameterType: var type }] && type == typeof(NpgsqlDbType));

        private static readonly System.Reflection.MethodInfo WriteNull = typeof(NpgsqlBinaryImporter).GetMethod(nameof(NpgsqlBinaryImporter.WriteNull), Type.EmptyTypes)!;

        private static NpgsqlDbType PostgresTypeOf(Type type, string storeType) =>
            type == typeof(long) ? NpgsqlDbType.Bigint
            : type == typeof(int) ? NpgsqlDbType.Integer
            : type == typeof(short) ? NpgsqlDbType.Smallint
            : type == typeof(bool) ? NpgsqlDbType.Boolean
            : type == typeof(decimal) ? NpgsqlDbType.Numeric
            : type == typeof(double) ? NpgsqlDbType.Double
            : type == typeof(DateOnly) ? NpgsqlDbType.Date
            : type == typeof(DateTime) ? (storeType.StartsWith("timestamp with", StringComparison.Ordinal) ? NpgsqlDbType.TimestampTz : NpgsqlDbType.Timestamp)
            : type == typeof(string) ? (storeType.StartsWith("character varying", StringComparison.Ordinal) ? NpgsqlDbType.Varchar : NpgsqlDbType.Text)
            : throw new NotSupportedException($"Bulk writes do not support {type.Name} columns ({storeType}).");
    }
}

/// <summary>Makes <see cref="BulkTable{T}"/>s from the EF Core model.</summary>
public static class BulkTable
{
    /// <summary>
    /// The table of <typeparamref name="T"/> with <paramref name="properties"/> as columns, in that order; with none
    /// given, every mapped property except a store-generated key (the database numbers the rows).
    /// </summary>
    public static BulkTable<T> For<T>(DbContext db, params string[] properties)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(db);
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not an entity type.");
        var store = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var name = entity.GetSchema() is { } schema ? $"\"{schema}\".\"{entity.GetTableName()}\"" : $"\"{entity.GetTableName()}\"";
        var chosen = properties.Length > 0
            ? properties.Select(p => entity.FindProperty(p) ?? throw new InvalidOperationException($"{typeof(T).Name} has no property {p}.")).ToList()
            : entity.GetProperties().Where(p => !(p.IsPrimaryKey() && p.ValueGenerated != ValueGenerated.Never)).ToList();
        return new BulkTable<T>(name, [.. chosen.Select(p => BulkTable<T>.Column.Of(p, store))]);
    }
}

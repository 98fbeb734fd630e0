using System.Collections;
using System.Data.Common;
using System.Globalization;

namespace SnowMedallion.Testing.Snowflake.Ado;

/// <summary>Reads materialized results; <see cref="GetDataTypeName"/> reports Snowflake type names.</summary>
internal sealed class LocalSnowflakeDataReader : DbDataReader
{
    private readonly IReadOnlyList<LocalResult> _results;
    private int _resultIndex;
    private int _row = -1;
    private bool _closed;

    public LocalSnowflakeDataReader(IReadOnlyList<LocalResult> results) => _results = results;

    private LocalResult Current => _results[_resultIndex];

    public override int Depth => 0;

    public override int FieldCount => Current.Columns.Count;

    public override bool HasRows => Current.Rows.Count > 0;

    public override bool IsClosed => _closed;

    public override int RecordsAffected
    {
        get
        {
            var counted = _results.Where(r => r.RowsAffected >= 0).ToList();
            return counted.Count == 0 ? -1 : (int)counted.Sum(r => r.RowsAffected);
        }
    }

    public override object this[int ordinal] => GetValue(ordinal);

    public override object this[string name] => GetValue(GetOrdinal(name));

    public override bool GetBoolean(int ordinal) => Convert.ToBoolean(Value(ordinal), CultureInfo.InvariantCulture);

    public override byte GetByte(int ordinal) => Convert.ToByte(Value(ordinal), CultureInfo.InvariantCulture);

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length)
    {
        var bytes = (byte[])Value(ordinal);
        if (buffer is null)
        {
            return bytes.Length;
        }

        var count = (int)Math.Min(length, bytes.Length - dataOffset);
        Array.Copy(bytes, dataOffset, buffer, bufferOffset, count);
        return count;
    }

    public override char GetChar(int ordinal) => GetString(ordinal)[0];

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length)
    {
        var text = GetString(ordinal);
        if (buffer is null)
        {
            return text.Length;
        }

        var count = (int)Math.Min(length, text.Length - dataOffset);
        text.CopyTo((int)dataOffset, buffer, bufferOffset, count);
        return count;
    }

    public override string GetDataTypeName(int ordinal) => Current.Columns[ordinal].SnowflakeType;

    public override DateTime GetDateTime(int ordinal) => Value(ordinal) switch
    {
        DateTime d => d,
        DateTimeOffset o => o.UtcDateTime,
        DateOnly d => d.ToDateTime(TimeOnly.MinValue),
        var other => Convert.ToDateTime(other, CultureInfo.InvariantCulture),
    };

    public override decimal GetDecimal(int ordinal) => Convert.ToDecimal(Value(ordinal), CultureInfo.InvariantCulture);

    public override double GetDouble(int ordinal) => Convert.ToDouble(Value(ordinal), CultureInfo.InvariantCulture);

    public override IEnumerator GetEnumerator() => new DbEnumerator(this, closeReader: false);

    public override Type GetFieldType(int ordinal) => Current.Columns[ordinal].ClrType;

    public override float GetFloat(int ordinal) => Convert.ToSingle(Value(ordinal), CultureInfo.InvariantCulture);

    public override Guid GetGuid(int ordinal) => Value(ordinal) is Guid g ? g : Guid.Parse(GetString(ordinal));

    public override short GetInt16(int ordinal) => Convert.ToInt16(Value(ordinal), CultureInfo.InvariantCulture);

    public override int GetInt32(int ordinal) => Convert.ToInt32(Value(ordinal), CultureInfo.InvariantCulture);

    public override long GetInt64(int ordinal) => Convert.ToInt64(Value(ordinal), CultureInfo.InvariantCulture);

    public override string GetName(int ordinal) => Current.Columns[ordinal].Name;

    public override int GetOrdinal(string name)
    {
        for (var i = 0; i < Current.Columns.Count; i++)
        {
            if (string.Equals(Current.Columns[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        for (var i = 0; i < Current.Columns.Count; i++)
        {
            if (string.Equals(Current.Columns[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new IndexOutOfRangeException($"The result has no column named '{name}'.");
    }

    public override string GetString(int ordinal) => Value(ordinal) is string s ? s : Convert.ToString(Value(ordinal), CultureInfo.InvariantCulture)!;

    public override object GetValue(int ordinal) => Current.Rows[_row][ordinal] ?? DBNull.Value;

    public override int GetValues(object[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var count = Math.Min(values.Length, FieldCount);
        for (var i = 0; i < count; i++)
        {
            values[i] = GetValue(i);
        }

        return count;
    }

    public override bool IsDBNull(int ordinal) => Current.Rows[_row][ordinal] is null;

    public override bool NextResult()
    {
        if (_resultIndex + 1 >= _results.Count)
        {
            return false;
        }

        _resultIndex++;
        _row = -1;
        return true;
    }

    public override bool Read()
    {
        if (_row + 1 >= Current.Rows.Count)
        {
            _row = Current.Rows.Count;
            return false;
        }

        _row++;
        return true;
    }

    public override void Close() => _closed = true;

    private object Value(int ordinal) => Current.Rows[_row][ordinal] ?? throw new InvalidCastException($"Column {GetName(ordinal)} is NULL.");
}

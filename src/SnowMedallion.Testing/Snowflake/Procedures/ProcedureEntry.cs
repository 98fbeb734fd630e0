using SnowMedallion.Testing.Snowflake.Engine.Catalog;

namespace SnowMedallion.Testing.Snowflake.Procedures;

/// <summary>
/// The stored procedures of one name in one schema: Snowflake overloads a name by signature (number and types of the
/// arguments), https://docs.snowflake.com/en/developer-guide/udf-stored-procedure-naming-conventions#overloading-procedures-and-functions.
/// </summary>
/// <param name="Path">Where they live.</param>
/// <param name="Overloads">One per signature, in creation order (never empty).</param>
internal sealed record ProcedureEntry(ObjectPath Path, IReadOnlyList<ProcedureOverload> Overloads) : ISchemaObject
{
    /// <summary>Kind name used in errors.</summary>
    public const string Kind = "Procedure";

    /// <summary>When the first overload was created.</summary>
    public DateTimeOffset CreatedOn => Overloads[0].CreatedOn;

    /// <summary>The overload whose signature is <paramref name="argumentTypes"/>, or null.</summary>
    /// <param name="argumentTypes">Argument types as written (synonyms and lengths allowed).</param>
    /// <returns>The overload's index, or -1.</returns>
    public int IndexOf(IReadOnlyList<string> argumentTypes)
    {
        ArgumentNullException.ThrowIfNull(argumentTypes);
        var signature = Signature(argumentTypes);
        for (var i = 0; i < Overloads.Count; i++)
        {
            if (Signature(Overloads[i].Definition.Parameters.Select(p => p.DataType).ToList()).SequenceEqual(signature, StringComparer.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A signature's canonical types: VARCHAR(10), STRING and TEXT are one type, as are INT and NUMBER(10,2).</summary>
    /// <param name="argumentTypes">Argument types as written.</param>
    /// <returns>The canonical type names.</returns>
    public static IReadOnlyList<string> Signature(IReadOnlyList<string> argumentTypes) =>
        [.. argumentTypes.Select(t => SqlTypes.Categorize(t) switch
        {
            SqlTypeCategory.Number => "NUMBER",
            SqlTypeCategory.Float => "FLOAT",
            SqlTypeCategory.Text => "VARCHAR",
            SqlTypeCategory.Timestamp => SqlTypes.BaseName(t) switch
            {
                "TIMESTAMP_LTZ" or "TIMESTAMPLTZ" => "TIMESTAMP_LTZ",
                "TIMESTAMP_TZ" or "TIMESTAMPTZ" => "TIMESTAMP_TZ",
                _ => "TIMESTAMP_NTZ",
            },
            SqlTypeCategory.Other => SqlTypes.BaseName(t),
            var category => category.ToString().ToUpperInvariant(),
        })];
}

/// <summary>One signature of a procedure.</summary>
/// <param name="CreatedOn">When it was created.</param>
/// <param name="Definition">Its definition.</param>
internal sealed record ProcedureOverload(DateTimeOffset CreatedOn, ProcedureDefinition Definition);

using SnowMedallion.Testing.Snowflake.Engine.Catalog;

namespace SnowMedallion.Testing.Snowflake.Procedures;

/// <summary>A stored procedure in the catalog (one per name: overloads by argument types are not emulated).</summary>
/// <param name="Path">Where it lives.</param>
/// <param name="CreatedOn">When it was created.</param>
/// <param name="Definition">Its definition.</param>
internal sealed record ProcedureEntry(ObjectPath Path, DateTimeOffset CreatedOn, ProcedureDefinition Definition) : ISchemaObject
{
    /// <summary>Kind name used in errors.</summary>
    public const string Kind = "Procedure";
}

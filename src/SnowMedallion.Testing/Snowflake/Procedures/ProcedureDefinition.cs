namespace SnowMedallion.Testing.Snowflake.Procedures;

/// <summary>One declared argument of a procedure.</summary>
/// <param name="Name">The name as stored (unquoted names upper-cased).</param>
/// <param name="DataType">The declared type as written, upper case, e.g. <c>VARCHAR</c>, <c>NUMBER(38,0)</c>.</param>
/// <param name="DefaultSql">The DEFAULT expression's SQL text, if any.</param>
internal sealed record ProcedureParameter(string Name, string DataType, string? DefaultSql = null);

/// <summary>The parsed form of <c>CREATE PROCEDURE</c>.</summary>
/// <param name="NameParts">The procedure name as written (1 to 3 parts, stored form); the engine resolves it.</param>
/// <param name="OrReplace">Whether OR REPLACE was given.</param>
/// <param name="IfNotExists">Whether IF NOT EXISTS was given.</param>
/// <param name="Parameters">The arguments, in order.</param>
/// <param name="ReturnType">The declared RETURNS type (upper case), or <c>TABLE(...)</c>.</param>
/// <param name="ReturnsNotNull">Whether RETURNS ... NOT NULL was declared.</param>
/// <param name="Language">JAVASCRIPT or SQL.</param>
/// <param name="ExecuteAs">OWNER (the default) or CALLER.</param>
/// <param name="NullInputBehavior">CALLED ON NULL INPUT (default) or RETURNS NULL ON NULL INPUT.</param>
/// <param name="Comment">The COMMENT, if any.</param>
/// <param name="Body">The procedure body.</param>
internal sealed record ProcedureDefinition(
    IReadOnlyList<string> NameParts,
    bool OrReplace,
    bool IfNotExists,
    IReadOnlyList<ProcedureParameter> Parameters,
    string ReturnType,
    bool ReturnsNotNull,
    string Language,
    string ExecuteAs,
    string NullInputBehavior,
    string? Comment,
    string Body)
{
    /// <summary>The procedure's simple name (last name part).</summary>
    public string Name => NameParts[^1];

    /// <summary>
    /// Snowflake's argument signature as SHOW PROCEDURES prints it in <c>arguments</c>:
    /// <c>NAME(VARCHAR, NUMBER) RETURN VARCHAR</c>.
    /// </summary>
    public string ArgumentsDisplay =>
        $"{Name}({string.Join(", ", Parameters.Select(p => SqlTypes.BaseName(p.DataType)))}) RETURN {SqlTypes.BaseName(ReturnType)}";

    /// <summary>The signature DESC PROCEDURE prints: <c>(ARG1 VARCHAR, ARG2 NUMBER)</c>.</summary>
    public string SignatureDisplay => "(" + string.Join(", ", Parameters.Select(p => $"{p.Name} {SqlTypes.BaseName(p.DataType)}")) + ")";
}

namespace SnowMedallion.Model;

/// <summary>Whose rights a procedure runs with.</summary>
public enum ProcedureExecuteAs
{
    /// <summary><c>EXECUTE AS OWNER</c> (Snowflake's default).</summary>
    Owner,

    /// <summary><c>EXECUTE AS CALLER</c>.</summary>
    Caller,
}

/// <summary>A procedure argument. Inside a JavaScript body it is visible in upper case.</summary>
/// <param name="Name">The argument's name.</param>
/// <param name="Type">The argument's type.</param>
public sealed record ProcedureArgument(string Name, DataType Type);

/// <summary>A JavaScript stored procedure (<c>LANGUAGE JAVASCRIPT</c>).</summary>
/// <param name="Schema">The schema holding the procedure.</param>
/// <param name="Name">The procedure's exact name.</param>
/// <param name="Arguments">The arguments, in order.</param>
/// <param name="ReturnType">The return type.</param>
/// <param name="Body">The JavaScript body, exactly as the procedure holds it.</param>
public sealed record Procedure(Schema Schema, string Name, IReadOnlyList<ProcedureArgument> Arguments, DataType ReturnType, string Body)
    : SchemaObject(Schema, Name)
{
    /// <summary><c>EXECUTE AS</c>; <see langword="null"/> leaves Snowflake's default (OWNER).</summary>
    public ProcedureExecuteAs? ExecuteAs { get; init; }

    /// <summary>The objects the body uses, created before the procedure.</summary>
    public IReadOnlyList<PipelineObject> References { get; init; } = [];

    /// <inheritdoc/>
    public override ObjectKind Kind => ObjectKind.Procedure;

    /// <inheritdoc/>
    public override IEnumerable<PipelineObject> Dependencies => [Schema, .. References];
}

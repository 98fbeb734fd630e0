using System.Text;

namespace SnowMedallion.Sql;

/// <summary>How CREATE statements treat objects that already exist.</summary>
public enum CreateMode
{
    /// <summary><c>CREATE</c>: fails when the object exists.</summary>
    Create,

    /// <summary><c>CREATE OR REPLACE</c>: replaces the object (a replaced table loses its data and its streams go stale).</summary>
    CreateOrReplace,

    /// <summary>
    /// <c>CREATE ... IF NOT EXISTS</c>: leaves an existing object untouched. Procedures, which Snowflake cannot create
    /// IF NOT EXISTS, are replaced keeping their grants (<c>CREATE OR REPLACE PROCEDURE ... COPY GRANTS</c>); the root task of a
    /// task graph is suspended before its tasks are created and resumed after them.
    /// </summary>
    CreateIfNotExists,
}

/// <summary>A pipeline's deploy script: its statements in execution order.</summary>
public sealed class DeployScript
{
    /// <summary>Creates a script.</summary>
    /// <param name="statements">The statements, without terminating semicolons.</param>
    public DeployScript(IReadOnlyList<string> statements)
    {
        ArgumentNullException.ThrowIfNull(statements);
        Statements = statements;
    }

    /// <summary>The statements, in execution order, without terminating semicolons.</summary>
    public IReadOnlyList<string> Statements { get; }

    /// <summary>The script text: every statement followed by <c>;</c> and a newline.</summary>
    /// <returns>The script.</returns>
    public override string ToString()
    {
        var builder = new StringBuilder();
        foreach (var statement in Statements)
        {
            builder.Append(statement).Append(";\n");
        }

        return builder.ToString();
    }
}

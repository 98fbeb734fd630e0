using SnowMedallion.Testing.Snowflake.Engine.Parsing;
using SnowMedallion.Testing.Snowflake.Translation;

namespace SnowMedallion.Testing.Snowflake.Engine.Handlers;

/// <summary>
/// The options of CREATE DATABASE and CREATE SCHEMA that LocalSnowflake keeps. Objects created inside take the retention
/// parameters (stream staleness) and DEFAULT_DDL_COLLATION (text columns of new tables) unless they set their own;
/// LOG_LEVEL and TRACE_LEVEL change nothing the emulator shows. Any other option (task and pipe parameters such as
/// SUSPEND_TASK_AFTER_NUM_FAILURES or PIPE_EXECUTION_PAUSED, which would be inherited) is refused by name rather than
/// ignored.
/// </summary>
/// <remarks>https://docs.snowflake.com/en/sql-reference/sql/create-schema , https://docs.snowflake.com/en/sql-reference/sql/create-database</remarks>
internal sealed record ContainerOptions(string? Comment, int? DataRetentionDays, int? MaxDataExtensionDays, string? DefaultDdlCollation)
{
    private static readonly HashSet<string> WithoutEffect = new(StringComparer.OrdinalIgnoreCase) { "LOG_LEVEL", "TRACE_LEVEL" };

    /// <summary>Reads and checks the options of a CREATE <paramref name="kind"/> statement.</summary>
    public static ContainerOptions Read(IReadOnlyDictionary<string, OptionValue> options, string kind)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var name in options.Keys)
        {
            if (name is not ("COMMENT" or RetentionDays.Retention or RetentionDays.Extension or "DEFAULT_DDL_COLLATION") && !WithoutEffect.Contains(name))
            {
                throw LocalSnowflakeException.Unsupported($"CREATE {kind} option {name}");
            }
        }

        return new ContainerOptions(
            options.TryGetValue("COMMENT", out var comment) ? comment.Text : null,
            RetentionDays.Option(options, RetentionDays.Retention),
            RetentionDays.Option(options, RetentionDays.Extension),
            options.TryGetValue("DEFAULT_DDL_COLLATION", out var collation) ? collation.Text : null);
    }
}

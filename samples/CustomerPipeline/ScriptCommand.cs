using SnowMedallion.Sql;

namespace CustomerPipeline;

/// <summary><c>script</c>: prints the reference pipeline's deploy script, statements separated by ";" and a newline.</summary>
public static class ScriptCommand
{
    /// <summary>Writes the script; <c>--mode create|create-or-replace|if-not-exists</c> picks the create mode.</summary>
    public static int Run(IReadOnlyList<string> options, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var mode = CreateMode.Create;
        if (options is ["--mode", var text])
        {
            CreateMode? parsed = text switch
            {
                "create" => CreateMode.Create,
                "create-or-replace" => CreateMode.CreateOrReplace,
                "if-not-exists" => CreateMode.CreateIfNotExists,
                _ => null,
            };
            if (parsed is null)
            {
                error.WriteLine($"Unknown mode '{text}': use create, create-or-replace or if-not-exists.");
                return 1;
            }

            mode = parsed.Value;
        }
        else if (options.Count > 0)
        {
            error.WriteLine("usage: CustomerPipeline script [--mode create|create-or-replace|if-not-exists]");
            return 1;
        }

        output.Write(new SnowflakeSqlRenderer(mode).Render(CustomerPipelineDefinition.Create()).ToString());
        return 0;
    }
}

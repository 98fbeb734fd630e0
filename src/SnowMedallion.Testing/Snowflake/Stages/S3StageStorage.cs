using SnowMedallion.Testing.Snowflake.Engine;

namespace SnowMedallion.Testing.Snowflake.Stages;

/// <summary>An external s3:// stage, read through the LocalS3 given to LocalSnowflake.</summary>
internal static class S3StageStorage
{
    /// <summary>Storage for an external stage.</summary>
    public static IStageStorage Create(SnowflakeEngine engine, StageEntry stage, string url)
    {
        _ = engine;
        throw new LocalSnowflakeException(
            91016,
            "XX000",
            $"Stage {stage.Path} points at {url}, but this LocalSnowflake has no LocalS3: start one and pass it as LocalSnowflakeOptions.S3.");
    }
}

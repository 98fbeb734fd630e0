using SnowMedallion.Testing.Snowflake.Engine;

namespace SnowMedallion.Testing.Snowflake.Stages;

/// <summary>Helpers for internal stage folders.</summary>
internal static class StageFiles
{
    /// <summary>The folder of a named internal stage.</summary>
    public static string InternalFolder(SnowflakeEngine engine, ObjectPath stage) =>
        Path.Combine(engine.StageRoot, Uri.EscapeDataString(stage.Database), Uri.EscapeDataString(stage.Schema), Uri.EscapeDataString(stage.Name));

    /// <summary>Deletes an internal stage's files (DROP / CREATE OR REPLACE STAGE).</summary>
    public static void DeleteInternal(SnowflakeEngine engine, ObjectPath stage)
    {
        var folder = InternalFolder(engine, stage);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

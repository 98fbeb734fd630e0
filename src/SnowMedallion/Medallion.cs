using SnowMedallion.Building;
using SnowMedallion.Model;

namespace SnowMedallion;

/// <summary>
/// Entry point of the fluent API: a pipeline's database and its account-level integrations.
/// Layer objects come from <see cref="Bronze"/>, <see cref="Silver"/> and <see cref="Gold"/>.
/// </summary>
public static class Medallion
{
    /// <summary>Starts a pipeline in a database.</summary>
    /// <param name="name">The database's exact name.</param>
    /// <returns>The pipeline builder.</returns>
    public static MedallionBuilder Database(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new MedallionBuilder(name);
    }

    /// <summary>Declares an S3 storage integration.</summary>
    /// <param name="name">The integration's exact name.</param>
    /// <param name="roleArn">The IAM role Snowflake assumes (<c>STORAGE_AWS_ROLE_ARN</c>).</param>
    /// <param name="allowedLocations">The locations stages may read (<c>STORAGE_ALLOWED_LOCATIONS</c>).</param>
    /// <returns>The integration's builder.</returns>
    public static StorageIntegrationBuilder S3StorageIntegration(string name, string roleArn, params S3Location[] allowedLocations) =>
        new(new StorageIntegration(name, roleArn, [.. allowedLocations]));

    /// <summary>Declares an outbound AWS SNS notification integration, for pipe and task errors.</summary>
    /// <param name="name">The integration's exact name.</param>
    /// <param name="topicArn">The SNS topic (<c>AWS_SNS_TOPIC_ARN</c>).</param>
    /// <param name="roleArn">The IAM role Snowflake assumes to publish (<c>AWS_SNS_ROLE_ARN</c>).</param>
    /// <returns>The integration's builder.</returns>
    public static NotificationIntegrationBuilder SnsNotificationIntegration(string name, string topicArn, string roleArn) =>
        new(new NotificationIntegration(name, topicArn, roleArn));
}

/// <summary>The bronze layer: file formats, stages, landing tables, pipes and streams.</summary>
public static class Bronze
{
    /// <summary>Declares a CSV file format.</summary>
    /// <param name="name">The format's exact name.</param>
    /// <returns>The format's builder.</returns>
    public static FileFormatBuilder CsvFormat(string name) => new(Layer.Bronze, name, FileFormatType.Csv);

    /// <summary>Declares a JSON file format.</summary>
    /// <param name="name">The format's exact name.</param>
    /// <returns>The format's builder.</returns>
    public static FileFormatBuilder JsonFormat(string name) => new(Layer.Bronze, name, FileFormatType.Json);

    /// <summary>Declares a Parquet file format.</summary>
    /// <param name="name">The format's exact name.</param>
    /// <returns>The format's builder.</returns>
    public static FileFormatBuilder ParquetFormat(string name) => new(Layer.Bronze, name, FileFormatType.Parquet);

    /// <summary>Declares a bronze (landing) table.</summary>
    /// <param name="name">The table's exact name.</param>
    /// <returns>The table's builder.</returns>
    public static TableBuilder Table(string name) => new(Layer.Bronze, name);

    /// <summary>Declares an external S3 stage.</summary>
    /// <param name="name">The stage's exact name.</param>
    /// <param name="url">The S3 location.</param>
    /// <param name="integration">The storage integration that may read it.</param>
    /// <param name="fileFormat">The stage's default file format.</param>
    /// <returns>The stage's builder; continue with <see cref="StageBuilder.Pipe"/>.</returns>
    public static StageBuilder Stage(string name, S3Location url, StorageIntegrationBuilder integration, FileFormatBuilder? fileFormat = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(integration);
        return new(Layer.Bronze, name, url, integration, fileFormat);
    }

    /// <summary>Declares an internal stage.</summary>
    /// <param name="name">The stage's exact name.</param>
    /// <param name="fileFormat">The stage's default file format.</param>
    /// <returns>The stage's builder.</returns>
    public static StageBuilder InternalStage(string name, FileFormatBuilder? fileFormat = null) => new(Layer.Bronze, name, null, null, fileFormat);

    /// <summary>Declares a stream on a bronze table that is not fed by a declared pipe.</summary>
    /// <param name="name">The stream's exact name.</param>
    /// <param name="table">The table.</param>
    /// <param name="appendOnly">Whether the stream records inserts only.</param>
    /// <param name="showInitialRows">Whether the first read returns the rows present at creation.</param>
    /// <returns>The stream's builder.</returns>
    public static StreamBuilder Stream(string name, TableBuilder table, bool appendOnly = false, bool showInitialRows = false) =>
        new(name, Layer.Bronze, table, null, appendOnly, showInitialRows);
}

/// <summary>The silver layer: conformed tables and the upsert procedures that fill them.</summary>
public static class Silver
{
    /// <summary>Declares a silver table.</summary>
    /// <param name="name">The table's exact name.</param>
    /// <returns>The table's builder.</returns>
    public static TableBuilder Table(string name) => new(Layer.Silver, name);

    /// <summary>
    /// Declares an SCD type 1 upsert procedure from a stream into a table; it lives in the stream's schema.
    /// See <see cref="UpsertProcedureBuilder"/> for what the generated procedure guarantees.
    /// </summary>
    /// <param name="name">The procedure's exact name.</param>
    /// <param name="from">The source stream.</param>
    /// <param name="into">The target table.</param>
    /// <returns>The procedure's builder.</returns>
    public static UpsertProcedureBuilder UpsertProcedure(string name, StreamBuilder from, TableBuilder into)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(into);
        return new(name, from, into);
    }
}

/// <summary>The gold layer: views for consumers.</summary>
public static class Gold
{
    /// <summary>Declares a view selecting columns of a table (all of them, in order, when none are named).</summary>
    /// <param name="name">The view's exact name.</param>
    /// <param name="from">The table.</param>
    /// <param name="columns">The columns to select.</param>
    /// <returns>The view's builder.</returns>
    public static ViewBuilder View(string name, TableBuilder from, params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(from);
        return ViewBuilder.Selecting(Layer.Gold, name, from, columns);
    }

    /// <summary>Declares a view with its own query.</summary>
    /// <param name="name">The view's exact name.</param>
    /// <param name="query">The SELECT statement.</param>
    /// <param name="uses">The components the query reads (created before the view).</param>
    /// <returns>The view's builder.</returns>
    public static ViewBuilder View(string name, string query, params ComponentBuilder[] uses)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new(Layer.Gold, name, context => (query, uses.Select(context.Get).ToList()));
    }
}

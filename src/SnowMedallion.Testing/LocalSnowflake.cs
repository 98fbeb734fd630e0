using System.Data.Common;
using SnowMedallion.Testing.Snowflake.Ado;
using SnowMedallion.Testing.Snowflake.Engine;

namespace SnowMedallion.Testing;

/// <summary>
/// An embedded Snowflake for tests and local runs: DuckDB stores and computes, SnowMedallion translates
/// Snowflake SQL and keeps what DuckDB has no notion of (stages, file formats, integrations, load
/// history...). Connect with <see cref="CreateConnection"/>; each connection is one Snowflake session.
/// </summary>
/// <example>
/// <code>
/// await using var snowflake = await LocalSnowflake.StartAsync();
/// using var connection = snowflake.CreateConnection();
/// connection.Open();
/// </code>
/// </example>
public sealed class LocalSnowflake : IAsyncDisposable
{
    private LocalSnowflake(SnowflakeEngine engine) => Engine = engine;

    /// <summary>Every message published through a notification integration, oldest first.</summary>
    public IReadOnlyList<PublishedNotification> Notifications => Engine.Notifications;

    /// <summary>The engine (internal extension point for the emulator's features).</summary>
    internal SnowflakeEngine Engine { get; }

    /// <summary>The background work registry <see cref="WaitForIdleAsync"/> waits for.</summary>
    internal BackgroundWork Work => Engine.Work;

    /// <summary>Starts an emulator with its own, empty, in-memory account.</summary>
    /// <param name="options">Options; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running emulator; dispose it to release its memory and files.</returns>
    public static Task<LocalSnowflake> StartAsync(LocalSnowflakeOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(new LocalSnowflake(new SnowflakeEngine(options ?? new LocalSnowflakeOptions())));
    }

    /// <summary>
    /// Creates an ADO.NET connection (closed; open it, or let <c>DbConnectionExecutor</c> open it).
    /// One connection is one session: its own transaction, CURRENT_SESSION(), current database and schema.
    /// </summary>
    /// <returns>A new connection.</returns>
    public DbConnection CreateConnection() => new LocalSnowflakeConnection(Engine);

    /// <summary>Returns once no pipe load and no task run is queued or running.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the emulator is idle.</returns>
    public async Task WaitForIdleAsync(CancellationToken cancellationToken = default)
    {
        // S3 event messages are delivered off the upload's request path: first let every message sent so far
        // reach its pipe (which queues the load as background work), then wait for the work.
        if (Engine.Options.S3 is { } s3)
        {
            await s3.WhenNotificationsDeliveredAsync(cancellationToken).ConfigureAwait(false);
        }

        await Engine.Work.WhenIdleAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Engine.Work.WhenIdleAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Shut down anyway: background work that does not finish is abandoned.
        }

        Engine.Dispose();
    }
}

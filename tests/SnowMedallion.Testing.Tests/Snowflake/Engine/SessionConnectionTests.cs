using SnowMedallion.Testing.Snowflake.Engine;

namespace SnowMedallion.Testing.Tests.Snowflake.Engine;

/// <summary>What every session's DuckDB connection inherits from the engine.</summary>
public sealed class SessionConnectionTests
{
    [Fact]
    public async Task A_new_session_can_neither_install_nor_load_extensions()
    {
        await using var h = await LocalSnowflakeHarness.StartAsync();
        using var session = h.Snowflake.Engine.OpenSession();

        // Set once on the root connection; DuckDB keeps both settings per database, not per connection.
        DuckDbResults.Scalar(session.Connection, "SELECT current_setting('autoinstall_known_extensions')").Should().Be(false);
        DuckDbResults.Scalar(session.Connection, "SELECT current_setting('autoload_known_extensions')").Should().Be(false);
    }
}

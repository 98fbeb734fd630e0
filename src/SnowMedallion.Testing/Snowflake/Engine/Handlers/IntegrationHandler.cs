using System.Security.Cryptography;
using System.Text;
using SnowMedallion.Testing.Snowflake.Engine.Catalog;
using SnowMedallion.Testing.Snowflake.Engine.Parsing;

namespace SnowMedallion.Testing.Snowflake.Engine.Handlers;

/// <summary>
/// CREATE [OR REPLACE] STORAGE | NOTIFICATION INTEGRATION [IF NOT EXISTS], DROP [STORAGE|NOTIFICATION] INTEGRATION.
/// DESC shows the AWS identity Snowflake would use (generated deterministically from the account and name).
/// </summary>
/// <remarks>
/// https://docs.snowflake.com/en/sql-reference/sql/create-storage-integration ,
/// https://docs.snowflake.com/en/sql-reference/sql/create-notification-integration-queue-outbound-aws
/// </remarks>
internal sealed class IntegrationHandler : StatementHandler
{
    public override bool CanHandle(StatementContext statement) =>
        statement.IsCreateOf(["STORAGE", "INTEGRATION"]) || statement.IsCreateOf(["NOTIFICATION", "INTEGRATION"]) ||
        statement.StartsWith("DROP", "INTEGRATION") || statement.StartsWith("DROP", "STORAGE", "INTEGRATION") ||
        statement.StartsWith("DROP", "NOTIFICATION", "INTEGRATION");

    public override LocalResult Execute(StatementContext statement)
    {
        var cursor = statement.Cursor();
        var engine = statement.Engine;
        var store = engine.Catalog.Account<IntegrationEntry>(IntegrationEntry.Kind);
        if (cursor.TryKeywords("DROP"))
        {
            _ = cursor.TryKeywords("STORAGE") || cursor.TryKeywords("NOTIFICATION");
            cursor.Expect("INTEGRATION");
            var ifExists = cursor.TryKeywords("IF", "EXISTS");
            var name = cursor.Identifier();
            cursor.ExpectEnd();
            var display = SnowflakeErrors.Show(name);
            if (store.Remove(name))
            {
                return LocalResult.Status($"{display} successfully dropped.");
            }

            return ifExists
                ? LocalResult.Status($"Drop statement executed successfully ({display} already dropped).")
                : throw SnowflakeErrors.DoesNotExist(IntegrationEntry.Kind, display);
        }

        cursor.Expect("CREATE");
        var mode = CreateModes.Read(cursor, out _);
        var storage = cursor.TryKeywords("STORAGE");
        if (!storage)
        {
            cursor.Expect("NOTIFICATION");
        }

        cursor.Expect("INTEGRATION");
        mode = CreateModes.ReadIfNotExists(cursor, mode);
        var integrationName = cursor.Identifier();
        var options = cursor.Options();
        cursor.ExpectEnd();
        var entry = storage
            ? Storage(engine, integrationName, options)
            : Notification(engine, integrationName, options);
        var outcome = store.Create(entry, mode);
        return CreateModes.Status("Integration", SnowflakeErrors.Show(integrationName), outcome);
    }

    /// <summary>The IAM user ARN Snowflake's account would use (deterministic).</summary>
    public static string IamUserArn(SnowflakeEngine engine) =>
        $"arn:aws:iam::{Digits(engine.AccountName, 12)}:user/{Hash(engine.AccountName, 4).ToLowerInvariant()}0000-s";

    /// <summary>The external id for an integration (deterministic from account and name).</summary>
    public static string ExternalId(SnowflakeEngine engine, string name) =>
        $"{engine.AccountName}_SFCRole=2_{Hash(engine.AccountName + "/" + name, 28)}";

    private static IntegrationEntry Storage(SnowflakeEngine engine, string name, Dictionary<string, OptionValue> options)
    {
        Require(options, name, "TYPE", "STORAGE_PROVIDER", "ENABLED", "STORAGE_ALLOWED_LOCATIONS");
        var type = options["TYPE"].ToString().ToUpperInvariant();
        if (type != "EXTERNAL_STAGE")
        {
            throw LocalSnowflakeException.Unsupported($"STORAGE INTEGRATION TYPE = {type}");
        }

        var provider = options["STORAGE_PROVIDER"].ToString().ToUpperInvariant();
        if (provider != "S3")
        {
            throw LocalSnowflakeException.Unsupported($"STORAGE_PROVIDER = '{provider}' (LocalSnowflake emulates S3)");
        }

        var enabled = options["ENABLED"].AsBool();
        var comment = options.TryGetValue("COMMENT", out var c) ? c.Text : null;
        IntegrationProperty[] properties =
        [
            new("ENABLED", "Boolean", enabled ? "true" : "false", "false"),
            new("STORAGE_PROVIDER", "String", provider, string.Empty),
            new("STORAGE_ALLOWED_LOCATIONS", "List", List(options, "STORAGE_ALLOWED_LOCATIONS"), "[]"),
            new("STORAGE_BLOCKED_LOCATIONS", "List", List(options, "STORAGE_BLOCKED_LOCATIONS"), "[]"),
            new("STORAGE_AWS_IAM_USER_ARN", "String", IamUserArn(engine), string.Empty),
            new("STORAGE_AWS_ROLE_ARN", "String", options.TryGetValue("STORAGE_AWS_ROLE_ARN", out var r) ? r.ToString() : string.Empty, string.Empty),
            new("STORAGE_AWS_EXTERNAL_ID", "String", ExternalId(engine, name), string.Empty),
            new("USE_PRIVATELINK_ENDPOINT", "Boolean", "false", "false"),
            new("COMMENT", "String", comment ?? string.Empty, string.Empty),
        ];
        return new IntegrationEntry(name, engine.Time.GetUtcNow(), "STORAGE", "EXTERNAL_STAGE", enabled, comment, properties);
    }

    private static IntegrationEntry Notification(SnowflakeEngine engine, string name, Dictionary<string, OptionValue> options)
    {
        Require(options, name, "TYPE", "NOTIFICATION_PROVIDER", "ENABLED");
        var type = options["TYPE"].ToString().ToUpperInvariant();
        var provider = options["NOTIFICATION_PROVIDER"].ToString().ToUpperInvariant();
        if (type != "QUEUE" || provider != "AWS_SNS")
        {
            throw LocalSnowflakeException.Unsupported($"NOTIFICATION INTEGRATION TYPE = {type} NOTIFICATION_PROVIDER = {provider} (LocalSnowflake emulates QUEUE / AWS_SNS)");
        }

        var direction = options.TryGetValue("DIRECTION", out var d) ? d.ToString().ToUpperInvariant() : "OUTBOUND";
        if (direction != "OUTBOUND")
        {
            throw LocalSnowflakeException.Unsupported($"NOTIFICATION INTEGRATION DIRECTION = {direction}");
        }

        Require(options, name, "AWS_SNS_TOPIC_ARN", "AWS_SNS_ROLE_ARN");
        var enabled = options["ENABLED"].AsBool();
        var comment = options.TryGetValue("COMMENT", out var c) ? c.Text : null;
        IntegrationProperty[] properties =
        [
            new("ENABLED", "Boolean", enabled ? "true" : "false", "false"),
            new("NOTIFICATION_PROVIDER", "String", provider, string.Empty),
            new("DIRECTION", "String", direction, "INBOUND"),
            new("AWS_SNS_TOPIC_ARN", "String", options["AWS_SNS_TOPIC_ARN"].ToString(), string.Empty),
            new("AWS_SNS_ROLE_ARN", "String", options["AWS_SNS_ROLE_ARN"].ToString(), string.Empty),
            new("SF_AWS_IAM_USER_ARN", "String", IamUserArn(engine), string.Empty),
            new("SF_AWS_EXTERNAL_ID", "String", ExternalId(engine, name), string.Empty),
            new("COMMENT", "String", comment ?? string.Empty, string.Empty),
        ];
        return new IntegrationEntry(name, engine.Time.GetUtcNow(), "NOTIFICATION", "QUEUE - AWS_SNS", enabled, comment, properties);
    }

    private static void Require(Dictionary<string, OptionValue> options, string name, params string[] keys)
    {
        foreach (var key in keys.Where(k => !options.ContainsKey(k)))
        {
            throw new LocalSnowflakeException(1008, "22023", $"SQL compilation error:\nMissing option(s): [{key}] for integration {name}.");
        }
    }

    private static string List(Dictionary<string, OptionValue> options, string key) =>
        options.TryGetValue(key, out var value) ? "[" + string.Join(", ", value.Items ?? [value.ToString()]) + "]" : "[]";

    private static string Hash(string input, int length)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(input));
        return Convert.ToBase64String(bytes).Replace('+', 'a').Replace('/', 'b')[..length];
    }

    private static string Digits(string input, int count)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(input));
        var builder = new StringBuilder();
        foreach (var b in bytes)
        {
            builder.Append((char)('0' + (b % 10)));
            if (builder.Length == count)
            {
                break;
            }
        }

        return builder.ToString();
    }
}

using SnowMedallion.Testing.Snowflake.Translation;

namespace SnowMedallion.Testing.Tests.Snowflake.Conformance.GenericSql;

internal sealed class TranslationScopeBuilder(TranslationScope scope)
{
    public TranslationScope WithoutNondeterministicCheck() => new(scope.Tables, scope.Now)
    {
        CurrentDatabase = scope.CurrentDatabase,
        CurrentSchema = scope.CurrentSchema,
        SessionId = scope.SessionId,
        ErrorOnNondeterministicMerge = false,
    };
}

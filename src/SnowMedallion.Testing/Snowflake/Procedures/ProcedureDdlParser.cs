namespace SnowMedallion.Testing.Snowflake.Procedures;

/// <summary>
/// Parses <c>CREATE [OR REPLACE] [SECURE] PROCEDURE</c>
/// (https://docs.snowflake.com/en/sql-reference/sql/create-procedure) for LANGUAGE JAVASCRIPT and SQL.
/// </summary>
internal static class ProcedureDdlParser
{
    /// <summary>True when <paramref name="sql"/> is a CREATE PROCEDURE statement.</summary>
    /// <param name="sql">A statement.</param>
    /// <returns>Whether this parser handles it.</returns>
    public static bool IsCreateProcedure(string sql)
    {
        try
        {
            var reader = new DdlReader(sql);
            if (!reader.TryKeyword("CREATE"))
            {
                return false;
            }

            reader.TryKeyword("OR", "REPLACE");
            _ = reader.TryKeyword("TEMPORARY") || reader.TryKeyword("TEMP");
            reader.TryKeyword("SECURE");
            return reader.TryKeyword("PROCEDURE");
        }
        catch (LocalSnowflakeException)
        {
            return false;
        }
    }

    /// <summary>Parses the statement.</summary>
    /// <param name="sql">The CREATE PROCEDURE statement.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="LocalSnowflakeException">A syntax error, or an unsupported language or construct (0A000).</exception>
    public static ProcedureDefinition Parse(string sql)
    {
        var reader = new DdlReader(sql);
        reader.Expect("CREATE");
        var orReplace = reader.TryKeyword("OR", "REPLACE");
        if (reader.TryKeyword("TEMPORARY") || reader.TryKeyword("TEMP"))
        {
            throw LocalSnowflakeException.Unsupported("CREATE TEMPORARY PROCEDURE");
        }

        reader.TryKeyword("SECURE");
        reader.Expect("PROCEDURE");
        var ifNotExists = reader.TryKeyword("IF", "NOT", "EXISTS");
        var name = reader.ObjectName();
        var parameters = ReadParameters(reader);
        reader.TryKeyword("COPY", "GRANTS");
        reader.Expect("RETURNS");
        string returnType;
        if (reader.Peek()?.Is("TABLE") == true)
        {
            throw LocalSnowflakeException.Unsupported("RETURNS TABLE(...) procedure");
        }

        returnType = reader.DataType();
        var returnsNotNull = false;
        if (reader.TryKeyword("NOT", "NULL"))
        {
            returnsNotNull = true;
        }
        else
        {
            reader.TryKeyword("NULL");
        }

        string? language = null;
        var executeAs = "OWNER";
        var nullInput = "CALLED ON NULL INPUT";
        string? comment = null;
        string? body = null;
        while (!reader.AtEnd)
        {
            if (reader.TryKeyword("LANGUAGE"))
            {
                language = reader.Next().Value.ToUpperInvariant();
            }
            else if (reader.TryKeyword("CALLED", "ON", "NULL", "INPUT"))
            {
                nullInput = "CALLED ON NULL INPUT";
            }
            else if (reader.TryKeyword("RETURNS", "NULL", "ON", "NULL", "INPUT") || reader.TryKeyword("STRICT"))
            {
                nullInput = "RETURNS NULL ON NULL INPUT";
            }
            else if (reader.TryKeyword("VOLATILE") || reader.TryKeyword("IMMUTABLE"))
            {
                // Volatility is a hint to the optimizer; it changes nothing the emulator does.
            }
            else if (reader.TryKeyword("COMMENT"))
            {
                reader.ExpectSymbol("=");
                comment = reader.StringLiteral();
            }
            else if (reader.TryKeyword("EXECUTE", "AS"))
            {
                if (reader.TryKeyword("RESTRICTED", "CALLER") || reader.TryKeyword("CALLER"))
                {
                    executeAs = "CALLER";
                }
                else
                {
                    reader.Expect("OWNER");
                    executeAs = "OWNER";
                }
            }
            else if (reader.TryKeyword("AS"))
            {
                var token = reader.Next();
                if (token.Kind is DdlTokenKind.String or DdlTokenKind.DollarString)
                {
                    body = token.Value;
                }
                else if (string.Equals(language, "SQL", StringComparison.Ordinal) || language is null)
                {
                    // Snowflake Scripting may be written without delimiters (in SnowSQL/classic UI it must be quoted).
                    body = reader.Sql[token.Start..].TrimEnd().TrimEnd(';');
                    reader.RestFrom(token.Start);
                }
                else
                {
                    throw reader.Error("expected the procedure body as a string literal or $$ ... $$", token.Start);
                }
            }
            else
            {
                var token = reader.Peek()!;
                if (language is not (null or "JAVASCRIPT" or "SQL"))
                {
                    throw LocalSnowflakeException.Unsupported($"LANGUAGE {language} procedure");
                }

                if (token.Is("HANDLER") || token.Is("RUNTIME_VERSION") || token.Is("PACKAGES") || token.Is("IMPORTS"))
                {
                    throw LocalSnowflakeException.Unsupported($"procedure option {token.Value.ToUpperInvariant()}");
                }

                throw reader.Error($"unexpected '{token.Value}'");
            }
        }

        language ??= "SQL";
        if (language is not ("JAVASCRIPT" or "SQL"))
        {
            throw LocalSnowflakeException.Unsupported($"LANGUAGE {language} procedure");
        }

        if (body is null)
        {
            throw reader.Error("missing AS <procedure body>");
        }

        return new ProcedureDefinition(name, orReplace, ifNotExists, parameters, returnType, returnsNotNull, language, executeAs, nullInput, comment, body);
    }

    private static List<ProcedureParameter> ReadParameters(DdlReader reader)
    {
        var parameters = new List<ProcedureParameter>();
        reader.ExpectSymbol("(");
        if (reader.TrySymbol(")"))
        {
            return parameters;
        }

        do
        {
            var name = reader.Identifier();
            var type = reader.DataType();
            string? defaultSql = null;
            if (reader.TryKeyword("DEFAULT"))
            {
                defaultSql = reader.TextUntil(t => t.IsSymbol(",") || t.IsSymbol(")"));
            }

            if (parameters.Exists(p => p.Name == name))
            {
                throw new LocalSnowflakeException(2025, "42S21", $"SQL compilation error:\nduplicate column name '{name}'");
            }

            parameters.Add(new ProcedureParameter(name, type, defaultSql));
        }
        while (reader.TrySymbol(","));
        reader.ExpectSymbol(")");
        return parameters;
    }
}

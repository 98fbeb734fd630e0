namespace SnowMedallion.Testing.Snowflake.Procedures;

/// <summary>One argument of a CALL: its SQL expression, and its name when passed by name (<c>ARG =&gt; expr</c>).</summary>
/// <param name="Name">The parameter name (stored form) for a named argument, else null.</param>
/// <param name="Sql">The expression's SQL text.</param>
internal sealed record CallArgument(string? Name, string Sql);

/// <summary>The parsed form of <c>CALL name(arg, ...)</c> (https://docs.snowflake.com/en/sql-reference/sql/call).</summary>
/// <param name="NameParts">The procedure name as written (1 to 3 parts, stored form).</param>
/// <param name="Arguments">The arguments in order.</param>
internal sealed record CallStatement(IReadOnlyList<string> NameParts, IReadOnlyList<CallArgument> Arguments)
{
    /// <summary>True when <paramref name="sql"/> is a CALL statement.</summary>
    /// <param name="sql">A statement.</param>
    /// <returns>Whether it starts with CALL.</returns>
    public static bool IsCall(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var trimmed = sql.TrimStart();
        return trimmed.StartsWith("CALL", StringComparison.OrdinalIgnoreCase) && (trimmed.Length == 4 || !char.IsLetterOrDigit(trimmed[4]) && trimmed[4] != '_');
    }

    /// <summary>Parses a CALL statement.</summary>
    /// <param name="sql">The statement.</param>
    /// <returns>The parsed call.</returns>
    public static CallStatement Parse(string sql)
    {
        var reader = new DdlReader(sql);
        reader.Expect("CALL");
        var name = reader.ObjectName();
        reader.ExpectSymbol("(");
        var arguments = new List<CallArgument>();
        if (!reader.TrySymbol(")"))
        {
            do
            {
                string? argumentName = null;
                if (reader.Peek(1)?.IsSymbol("=>") == true)
                {
                    argumentName = reader.Identifier();
                    reader.ExpectSymbol("=>");
                }

                var expression = reader.TextUntil(t => t.IsSymbol(",") || t.IsSymbol(")"));
                if (expression.Length == 0)
                {
                    throw reader.Error("expected an argument expression");
                }

                arguments.Add(new CallArgument(argumentName, expression));
            }
            while (reader.TrySymbol(","));
            reader.ExpectSymbol(")");
        }

        if (!reader.AtEnd)
        {
            if (reader.Peek()!.Is("INTO"))
            {
                throw LocalSnowflakeException.Unsupported("CALL ... INTO :variable");
            }

            throw reader.Error($"unexpected '{reader.Peek()!.Value}' after the CALL's argument list");
        }

        if (arguments.Any(a => a.Name is not null) && arguments.Any(a => a.Name is null))
        {
            throw new LocalSnowflakeException(1002, "42601",
                "SQL compilation error:\nA CALL passes either every argument by name (ARG => value) or every argument by position, not a mix.");
        }

        return new CallStatement(name, arguments);
    }

    /// <summary>
    /// Orders the arguments to match the procedure's parameters: named ones by name, missing ones from
    /// their DEFAULT expression.
    /// </summary>
    /// <param name="definition">The procedure.</param>
    /// <param name="displayName">Its name, for errors.</param>
    /// <returns>One SQL expression per parameter.</returns>
    public IReadOnlyList<string> ArgumentSqlFor(ProcedureDefinition definition, string displayName)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var parameters = definition.Parameters;
        var result = new string?[parameters.Count];
        if (Arguments.Count > parameters.Count)
        {
            throw WrongArguments(definition, displayName);
        }

        for (var i = 0; i < Arguments.Count; i++)
        {
            var argument = Arguments[i];
            var index = argument.Name is null ? i : IndexOf(parameters, argument.Name);
            if (index < 0)
            {
                throw new LocalSnowflakeException(1044, "42P13",
                    $"SQL compilation error:\nprocedure {displayName} has no argument named {argument.Name}; its arguments are {definition.SignatureDisplay}.");
            }

            result[index] = argument.Sql;
        }

        for (var i = 0; i < result.Length; i++)
        {
            result[i] ??= parameters[i].DefaultSql ?? throw WrongArguments(definition, displayName);
        }

        return result!;
    }

    /// <summary>Whether the arguments fit the procedure's parameters (count, names, defaults for the rest).</summary>
    /// <param name="definition">One signature of the procedure.</param>
    /// <returns>True when <see cref="ArgumentSqlFor"/> would succeed.</returns>
    public bool Fits(ProcedureDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var parameters = definition.Parameters;
        if (Arguments.Count > parameters.Count)
        {
            return false;
        }

        var given = new bool[parameters.Count];
        for (var i = 0; i < Arguments.Count; i++)
        {
            var index = ParameterIndex(definition, i);
            if (index < 0)
            {
                return false;
            }

            given[index] = true;
        }

        return !parameters.Where((p, i) => !given[i] && p.DefaultSql is null).Any();
    }

    /// <summary>The parameter argument <paramref name="argument"/> fills: by name when named, else by position (-1: no such name).</summary>
    /// <param name="definition">One signature of the procedure.</param>
    /// <param name="argument">The argument's index in the CALL.</param>
    /// <returns>The parameter's index, or -1.</returns>
    public int ParameterIndex(ProcedureDefinition definition, int argument)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return Arguments[argument].Name is { } name ? IndexOf(definition.Parameters, name) : argument;
    }

    private static int IndexOf(IReadOnlyList<ProcedureParameter> parameters, string name)
    {
        for (var i = 0; i < parameters.Count; i++)
        {
            if (string.Equals(parameters[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private LocalSnowflakeException WrongArguments(ProcedureDefinition definition, string displayName) =>
        new(1044, "42P13",
            $"SQL compilation error:\nInvalid argument types for function '{displayName}': the CALL passes {Arguments.Count} argument(s), the procedure takes {definition.SignatureDisplay}.");
}

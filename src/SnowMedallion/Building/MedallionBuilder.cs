using System.Collections.Immutable;
using SnowMedallion.Model;

namespace SnowMedallion.Building;

/// <summary>
/// Declares a pipeline in one database: its layer schemas and its components. Immutable: every method returns a new
/// builder. <see cref="Build"/> validates everything and returns the model.
/// </summary>
public sealed class MedallionBuilder
{
    private readonly string _database;
    private readonly ImmutableDictionary<Layer, string> _schemas;
    private readonly ImmutableList<ComponentBuilder> _components;
    private readonly string? _comment;

    internal MedallionBuilder(string database)
        : this(database, ImmutableDictionary<Layer, string>.Empty.Add(Layer.Bronze, "BRONZE").Add(Layer.Silver, "SILVER").Add(Layer.Gold, "GOLD"), [], null)
    {
    }

    private MedallionBuilder(string database, ImmutableDictionary<Layer, string> schemas, ImmutableList<ComponentBuilder> components, string? comment)
    {
        _database = database;
        _schemas = schemas;
        _components = components;
        _comment = comment;
    }

    /// <summary>Names the schema of a layer (defaults: BRONZE, SILVER, GOLD).</summary>
    /// <param name="layer">The layer.</param>
    /// <param name="schema">The schema's exact name.</param>
    /// <returns>A new builder.</returns>
    public MedallionBuilder Schema(Layer layer, string schema) => new(_database, _schemas.SetItem(layer, schema), _components, _comment);

    /// <summary>Sets the database's comment.</summary>
    /// <param name="comment">The comment.</param>
    /// <returns>A new builder.</returns>
    public MedallionBuilder Comment(string comment) => new(_database, _schemas, _components, comment);

    /// <summary>
    /// Adds components. Everything they refer to (tables, stages, formats, integrations) is added with them; a stream
    /// made from a pipe adds the pipe, an upsert procedure adds its reject table and task.
    /// </summary>
    /// <param name="components">The components, in declaration order.</param>
    /// <returns>A new builder.</returns>
    public MedallionBuilder Add(params ComponentBuilder[] components) => new(_database, _schemas, _components.AddRange(components), _comment);

    /// <summary>Builds and validates the pipeline.</summary>
    /// <returns>The pipeline model.</returns>
    /// <exception cref="PipelineValidationException">The pipeline is invalid; every problem is listed, each naming the object and the fix.</exception>
    public MedallionPipeline Build()
    {
        var database = new Database(_database) { Comment = _comment };
        var schemas = Enum.GetValues<Layer>().ToDictionary(layer => layer, layer => new Model.Schema(database, _schemas[layer]));
        var context = new BuildContext(database, schemas);
        context.Declare(database);
        foreach (var schema in schemas.Values)
        {
            context.Declare(schema);
        }

        foreach (var component in _components)
        {
            component.Declare(context);
        }

        return MedallionPipeline.CreateValidated(context.Declared, context.Problems.Distinct());
    }
}

using SnowMedallion.Model;

namespace SnowMedallion.Building;

/// <summary>The medallion layers; each maps to a schema (by default BRONZE, SILVER and GOLD).</summary>
public enum Layer
{
    /// <summary>Raw data as loaded from files.</summary>
    Bronze,

    /// <summary>Cleaned, de-duplicated, conformed data.</summary>
    Silver,

    /// <summary>Data shaped for consumers (views).</summary>
    Gold,
}

/// <summary>
/// Base of the fluent API's immutable builders. Builders refer to each other; <see cref="MedallionBuilder.Build"/>
/// turns everything reachable into model objects that refer to each other.
/// </summary>
public abstract class ComponentBuilder
{
    private protected ComponentBuilder()
    {
    }

    /// <summary>Creates the model object (called once per builder per build, through <see cref="BuildContext.Get"/>).</summary>
    internal abstract PipelineObject Resolve(BuildContext context);

    /// <summary>Declares this component's objects, in order (a stream declares its pipe first, an upsert its task after).</summary>
    internal virtual void Declare(BuildContext context) => context.Declare(context.Get(this));
}

/// <summary>State shared while one pipeline is built.</summary>
internal sealed class BuildContext
{
    private readonly Dictionary<ComponentBuilder, PipelineObject> _resolved = new(ReferenceEqualityComparer.Instance);
    private readonly IReadOnlyDictionary<Layer, Schema> _schemas;

    public BuildContext(Database database, IReadOnlyDictionary<Layer, Schema> schemas)
    {
        Database = database;
        _schemas = schemas;
    }

    public Database Database { get; }

    public List<string> Problems { get; } = [];

    public List<PipelineObject> Declared { get; } = [];

    public Schema Schema(Layer layer) => _schemas[layer];

    public PipelineObject Get(ComponentBuilder builder)
    {
        if (!_resolved.TryGetValue(builder, out var item))
        {
            item = builder.Resolve(this);
            _resolved[builder] = item;
        }

        return item;
    }

    public T Get<T>(ComponentBuilder builder)
        where T : PipelineObject => (T)Get(builder);

    public void Declare(PipelineObject item) => Declared.Add(item);
}

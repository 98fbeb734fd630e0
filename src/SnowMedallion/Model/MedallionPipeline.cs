namespace SnowMedallion.Model;

/// <summary>
/// A validated medallion pipeline: every object it defines, in declaration order and in dependency order.
/// The fluent API's <c>Build()</c> returns one; <see cref="Create"/> builds one from model objects directly.
/// </summary>
public sealed class MedallionPipeline
{
    private MedallionPipeline(IReadOnlyList<PipelineObject> objects, IReadOnlyList<PipelineObject> ordered)
    {
        Objects = objects;
        OrderedObjects = ordered;
    }

    /// <summary>Every object, in declaration order (objects only reached as dependencies come after those declared).</summary>
    public IReadOnlyList<PipelineObject> Objects { get; }

    /// <summary>Every object in dependency order: each after all objects it depends on. This is the deploy order.</summary>
    public IReadOnlyList<PipelineObject> OrderedObjects { get; }

    /// <summary>The databases.</summary>
    public IReadOnlyList<Database> Databases => Of<Database>();

    /// <summary>The schemas.</summary>
    public IReadOnlyList<Schema> Schemas => Of<Schema>();

    /// <summary>The storage integrations.</summary>
    public IReadOnlyList<StorageIntegration> StorageIntegrations => Of<StorageIntegration>();

    /// <summary>The notification integrations.</summary>
    public IReadOnlyList<NotificationIntegration> NotificationIntegrations => Of<NotificationIntegration>();

    /// <summary>The file formats.</summary>
    public IReadOnlyList<FileFormat> FileFormats => Of<FileFormat>();

    /// <summary>The stages.</summary>
    public IReadOnlyList<Stage> Stages => Of<Stage>();

    /// <summary>The tables.</summary>
    public IReadOnlyList<Table> Tables => Of<Table>();

    /// <summary>The pipes.</summary>
    public IReadOnlyList<Pipe> Pipes => Of<Pipe>();

    /// <summary>The streams.</summary>
    public IReadOnlyList<Stream> Streams => Of<Stream>();

    /// <summary>The procedures.</summary>
    public IReadOnlyList<Procedure> Procedures => Of<Procedure>();

    /// <summary>The tasks.</summary>
    public IReadOnlyList<SnowflakeTask> Tasks => Of<SnowflakeTask>();

    /// <summary>The views.</summary>
    public IReadOnlyList<View> Views => Of<View>();

    /// <summary>Finds an object of a kind by its qualified name.</summary>
    /// <typeparam name="T">The object type.</typeparam>
    /// <param name="name">The qualified name.</param>
    /// <returns>The object, or <see langword="null"/>.</returns>
    public T? Find<T>(ObjectName name)
        where T : PipelineObject => OrderedObjects.OfType<T>().FirstOrDefault(o => o.QualifiedName == name);

    /// <summary>Finds an object of a kind by its qualified name written as SQL, e.g. <c>SNOWLAKE_DB.SILVER.CUSTOMER</c>.</summary>
    /// <typeparam name="T">The object type.</typeparam>
    /// <param name="qualifiedName">The name as <see cref="ObjectName.ToSql"/> renders it.</param>
    /// <returns>The object, or <see langword="null"/>.</returns>
    public T? Find<T>(string qualifiedName)
        where T : PipelineObject => OrderedObjects.OfType<T>().FirstOrDefault(o => o.QualifiedName.ToSql() == qualifiedName);

    /// <summary>
    /// Builds and validates a pipeline from model objects. Objects they depend on are included even when not listed.
    /// </summary>
    /// <param name="objects">The objects, in declaration order.</param>
    /// <returns>The validated pipeline.</returns>
    /// <exception cref="PipelineValidationException">The objects are invalid; every problem is listed.</exception>
    public static MedallionPipeline Create(IEnumerable<PipelineObject> objects) => CreateValidated(objects, []);

    internal static MedallionPipeline CreateValidated(IEnumerable<PipelineObject> objects, IEnumerable<string> earlierProblems)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var declared = new List<PipelineObject>();
        var seen = new HashSet<PipelineObject>(ReferenceEqualityComparer.Instance);
        var ordered = new List<PipelineObject>();
        var done = new HashSet<PipelineObject>(ReferenceEqualityComparer.Instance);
        var given = objects.ToList();
        foreach (var item in given)
        {
            if (seen.Add(item))
            {
                declared.Add(item);
            }
        }

        foreach (var item in given)
        {
            Visit(item, ordered, done);
        }

        declared.AddRange(ordered.Where(seen.Add));
        var distinct = Deduplicate(ordered, out var duplicates);
        var problems = earlierProblems.Concat(duplicates).Concat(PipelineValidator.Validate(distinct)).ToList();
        if (problems.Count > 0)
        {
            throw new PipelineValidationException(problems);
        }

        return new MedallionPipeline(Deduplicate(declared, out _), distinct);
    }

    private static void Visit(PipelineObject item, List<PipelineObject> ordered, HashSet<PipelineObject> done)
    {
        if (!done.Add(item))
        {
            return;
        }

        foreach (var dependency in item.Dependencies)
        {
            Visit(dependency, ordered, done);
        }

        ordered.Add(item);
    }

    // Equal records (value equality) are one object; different objects with one name are a problem.
    private static List<PipelineObject> Deduplicate(List<PipelineObject> items, out List<string> problems)
    {
        var result = new List<PipelineObject>();
        var byName = new Dictionary<(ObjectKind, ObjectName), PipelineObject>();
        problems = [];
        foreach (var item in items)
        {
            var kind = item.Kind == ObjectKind.View ? ObjectKind.Table : item.Kind;
            if (byName.TryGetValue((kind, item.QualifiedName), out var existing))
            {
                if (!existing.Equals(item))
                {
                    problems.Add($"{item} is declared twice with different definitions: declare it once and reuse that object, or give one of them another name.");
                }

                continue;
            }

            byName.Add((kind, item.QualifiedName), item);
            result.Add(item);
        }

        return result;
    }

    private List<T> Of<T>()
        where T : PipelineObject => OrderedObjects.OfType<T>().ToList();
}

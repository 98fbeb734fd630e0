namespace SnowMedallion.Model;

/// <summary>
/// Thrown by <c>Build()</c> and <see cref="MedallionPipeline.Create"/> when a pipeline is invalid. It lists every
/// problem found, each naming the object and the fix.
/// </summary>
public sealed class PipelineValidationException : Exception
{
    /// <summary>Creates an exception without problems.</summary>
    public PipelineValidationException()
        : this([])
    {
    }

    /// <summary>Creates an exception with one problem.</summary>
    /// <param name="message">The problem.</param>
    public PipelineValidationException(string message)
        : this([message])
    {
    }

    /// <summary>Creates an exception with one problem and its cause.</summary>
    /// <param name="message">The problem.</param>
    /// <param name="innerException">The cause.</param>
    public PipelineValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    /// <summary>Creates an exception listing the problems.</summary>
    /// <param name="problems">Every problem found.</param>
    public PipelineValidationException(IReadOnlyList<string> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    /// <summary>Every problem found, each naming the object and the fix.</summary>
    public IReadOnlyList<string> Problems { get; }

    private static string Describe(IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return problems.Count == 0
            ? "The pipeline is invalid."
            : $"The pipeline has {problems.Count} problem(s):" + string.Concat(problems.Select(p => "\n- " + p));
    }
}

using System.Text;
using System.Text.RegularExpressions;

namespace SnowMedallion.Ingestion;

/// <summary>
/// A file glob over '/'-separated relative paths: <c>*</c> (within one folder), <c>?</c>, <c>**</c> (any depth),
/// <c>{a,b}</c> alternatives. <c>*.csv</c> matches top-level files only; <c>**/*.csv</c> matches at any depth.
/// </summary>
internal sealed class UploadGlob
{
    private readonly Regex _regex;

    public UploadGlob(string pattern)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        Pattern = pattern;
        _regex = new Regex("^" + Translate(pattern.Replace('\\', '/')) + "$", RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(1));
    }

    public string Pattern { get; }

    public bool IsMatch(string relativePath) => _regex.IsMatch(relativePath.Replace('\\', '/'));

    private static string Translate(string pattern)
    {
        var builder = new StringBuilder();
        var braces = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*':
                    var slash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                    builder.Append(slash ? "(?:.*/)?" : ".*");
                    i += slash ? 2 : 1;
                    break;
                case '*':
                    builder.Append("[^/]*");
                    break;
                case '?':
                    builder.Append("[^/]");
                    break;
                case '{':
                    braces++;
                    builder.Append("(?:");
                    break;
                case '}' when braces > 0:
                    braces--;
                    builder.Append(')');
                    break;
                case ',' when braces > 0:
                    builder.Append('|');
                    break;
                default:
                    builder.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        if (braces != 0)
        {
            throw new ArgumentException($"The glob '{pattern}' has an unclosed '{{': close every alternative group with '}}'.", nameof(pattern));
        }

        return builder.ToString();
    }
}

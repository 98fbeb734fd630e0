using System.Text;

namespace CustomerPipeline.SampleData;

/// <summary>Writes customer files the way the reference exports them: a header line, fields with commas double-quoted.</summary>
public static class CustomerCsv
{
    /// <summary>The reference header line.</summary>
    public const string Header =
        "CUSTOMERNAME,PHONE,ADDRESSLINE1,ADDRESSLINE2,CITY,STATE,POSTALCODE,COUNTRY,TERRITORY,CONTACTFIRSTNAME,CONTACTLASTNAME";

    /// <summary>UTF-8 without a byte-order mark, "\n" line ends.</summary>
    public static readonly Encoding Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes the header and the rows.</summary>
    public static void Write(TextWriter writer, IEnumerable<CustomerRecord> rows)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(rows);
        writer.Write(Header);
        writer.Write('\n');
        foreach (var row in rows)
        {
            WriteRow(writer, row);
        }
    }

    /// <summary>Writes one data line.</summary>
    public static void WriteRow(TextWriter writer, CustomerRecord row)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(row);
        WriteField(writer, row.CustomerName, ',');
        WriteField(writer, row.Phone, ',');
        WriteField(writer, row.AddressLine1, ',');
        WriteField(writer, row.AddressLine2, ',');
        WriteField(writer, row.City, ',');
        WriteField(writer, row.State, ',');
        WriteField(writer, row.PostalCode, ',');
        WriteField(writer, row.Country, ',');
        WriteField(writer, row.Territory, ',');
        WriteField(writer, row.ContactFirstName, ',');
        WriteField(writer, row.ContactLastName, '\n');
    }

    /// <summary>Writes a file (header and rows) and returns its full path.</summary>
    public static string WriteFile(string path, IEnumerable<CustomerRecord> rows)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var writer = new StreamWriter(path, append: false, Encoding, bufferSize: 1 << 16);
        Write(writer, rows);
        return Path.GetFullPath(path);
    }

    /// <summary>Formats one line (without its line end), e.g. for display.</summary>
    public static string Format(CustomerRecord row)
    {
        using var writer = new StringWriter();
        WriteRow(writer, row);
        return writer.ToString().TrimEnd('\n');
    }

    private static void WriteField(TextWriter writer, string? value, char terminator)
    {
        if (!string.IsNullOrEmpty(value))
        {
            if (value.AsSpan().IndexOfAny(",\"\n\r") >= 0)
            {
                writer.Write('"');
                writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
                writer.Write('"');
            }
            else
            {
                writer.Write(value);
            }
        }

        writer.Write(terminator);
    }
}

using Microsoft.Extensions.Logging;

namespace SnowMedallion.Testing;

/// <summary>Settings of a <see cref="LocalS3"/> endpoint.</summary>
public sealed class LocalS3Options
{
    /// <summary>
    /// A folder to keep objects in (one sub-folder per bucket, one file per object, so tools can read them);
    /// objects already there are loaded on start. Null (the default) keeps everything in memory.
    /// </summary>
    public string? Folder { get; set; }

    /// <summary>The access key id clients must sign with. Defaults to a fixed local id.</summary>
    public string AccessKey { get; set; } = "AKIALOCALS3EXAMPLE00";

    /// <summary>The secret key clients must sign with. Null (the default) generates a random secret per instance.</summary>
    public string? SecretKey { get; set; }

    /// <summary>The region LocalS3 reports and clients sign for. Defaults to us-east-1.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>The clock used for object timestamps and event times. Defaults to <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where LocalS3 logs (for example a subscriber that failed). Null logs nothing.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }
}

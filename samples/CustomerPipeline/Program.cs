// The reference customer pipeline. Commands:
//   (none)   run the whole pipeline on the embedded local default (LocalS3 + LocalSnowflake)
//   script   print the deploy script (SQL) for the reference pipeline
using CustomerPipeline;

return args switch
{
    [] => await LocalRun.RunLocalAsync(CancellationToken.None).ConfigureAwait(false),
    ["script", .. var options] => ScriptCommand.Run(options, Console.Out, Console.Error),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: CustomerPipeline [script [--mode create|create-or-replace|if-not-exists]]");
    return 1;
}
